import XCTest
import Foundation
import DenseKernels
import LangevinMachine
import NeuralAgents

/// Local plasticity: the rules read only their own synapse's pre- and postsynaptic signals, and the
/// phase-free NLM rule learns without any global signal.
final class PlasticityTests: XCTestCase {
    /// Three prototype patterns of ±1 rates with 10 % of the pixels flipped, encoded as x = atanh(0.9·s).
    static func syntheticData(neurons n: Int, samples m: Int, seed: UInt64) -> Matrix {
        let stream = RandomStream(seed: seed, stream: 77)
        var data = Matrix(rows: m, cols: n)
        for s in 0..<m {
            let prototype = s % 3
            for i in 0..<n {
                var v: Float = ((i * (prototype + 1) / 3) % 2 == 0) ? 1 : -1
                if stream.uniform(UInt64(s * n + i)) < 0.1 { v = -v }
                data[s, i] = Float(atanh(Double(0.9 * v)))
            }
        }
        return data
    }

    static func configuration(_ kind: LearningScheduleKind, audit: LocalityAudit? = nil) -> EventTrainingConfiguration {
        var t = TrainingConfiguration()
        t.batchSize = 16
        t.chainSteps = 10
        t.optimizer = .gradientDescent(learningRate: 0.02, decay: 0)
        t.seed = 3
        var c = EventTrainingConfiguration(training: t)
        c.schedule = kind
        c.audit = audit
        return c
    }

    /// Every read a rule made concerned the synapse being updated: its presynaptic neuron (rates only),
    /// its postsynaptic neuron, or itself (weight, elapsed time). The phase-free rule never read the global
    /// phase; the wake/sleep rule did (so the audit does see global reads when they happen).
    func testRulesReadOnlyTheirOwnSynapseAndNoGlobalState() throws {
        let n = 8
        let data = Self.syntheticData(neurons: n, samples: 32, seed: 1)
        let p = Parameters.random(neurons: n, gain: 1, seed: 4, bias: true)
        for kind in LearningScheduleKind.allCases {
            let audit = LocalityAudit()
            var trainer = try EventTrainer(configuration: Self.configuration(kind, audit: audit), data: data, parameters: p)
            _ = try trainer.trainEpoch()
            XCTAssertGreaterThan(audit.reads.count, n * (n - 1) * 10, "the rule was called for every synapse")
            var readPhase = false
            for r in audit.reads {
                switch r.signal {
                case .weight, .elapsed, .bias, .time:
                    XCTAssertEqual(r.neuron, -1, "\(r)")
                case .phase:
                    readPhase = true
                    XCTAssertEqual(r.neuron, r.post, "\(r)")
                case .rate:
                    XCTAssertTrue(r.neuron == r.pre || r.neuron == r.post, "\(r)")
                case .membrane, .drive, .residual:
                    XCTAssertEqual(r.neuron, r.post, "only the postsynaptic neuron's own state: \(r)")
                }
                if r.pre >= 0 { XCTAssertNotEqual(r.pre, r.post, "the diagonal is not learned") }
                XCTAssertNotEqual(r.signal, .time, "the NLM rules use elapsed time only")
            }
            XCTAssertEqual(readPhase, kind == .globalPhases, "\(kind)")
        }
    }

    /// Phase-free learning lowers the moment mismatch: on a tiny data set the epoch-mean mismatch of the
    /// last epochs must fall below half of the first epoch's (the untrained J gives residuals of O(1);
    /// learning removes most of the mismatch within a few hundred updates at this learning rate). Also
    /// both event learners stay within a factor 3 of the dense trainer at the same budget.
    func testPhaseFreeLearningLowersMomentMismatch() throws {
        let n = 12, epochs = 12
        let data = Self.syntheticData(neurons: n, samples: 48, seed: 2)
        let p = Parameters.random(neurons: n, gain: 1, seed: 5, bias: true)
        let phaseFree = try EventTrainer.train(parameters: p, configuration: Self.configuration(.phaseFree), data: data,
                                               epochs: epochs)
        let first = phaseFree.reports[0].mismatch
        let last = phaseFree.reports.suffix(3).map(\.mismatch).reduce(0, +) / 3
        XCTAssertLessThan(last, 0.5 * first, "mismatch \(first) → \(last)")
        // Dense trainer at equal budget.
        let t = Self.configuration(.phaseFree).training
        var dense = Trainer(configuration: t, data: data, state: .initial(parameters: p, chains: t.batchSize, seed: t.seed))
        var denseReports: [EpochReport] = []
        for _ in 0..<epochs { denseReports.append(try dense.trainEpoch()) }
        let denseLast = denseReports.suffix(3).map(\.mismatch).reduce(0, +) / 3
        XCTAssertLessThan(last, 3 * denseLast + 1e-6, "phase-free \(last) vs dense \(denseLast)")
    }

    /// While synapses learn, every neuron's event-accumulated drive stays equal to Σⱼ Jᵢⱼ φ(xⱼ) with the
    /// *current* weights (each weight change also corrects the sums it entered), and the phase-free run
    /// stays within 25% of the dense trainer's final mismatch at equal budget (without the correction the
    /// sums keep the weights of the time each event was sent, and a 196-neuron glyph network blew up).
    func testDrivesFollowLearnedWeightsAndLearningMatchesDense() throws {
        let n = 12, epochs = 12
        let data = Self.syntheticData(neurons: n, samples: 48, seed: 2)
        let p = Parameters.random(neurons: n, gain: 1.5, seed: 5, bias: true)
        var c = Self.configuration(.phaseFree)
        c.training.optimizer = .gradientDescent(learningRate: 0.05, decay: 0)
        var trainer = try EventTrainer(configuration: c, data: data, parameters: p)
        var reports: [EpochReport] = []
        for _ in 0..<epochs { reports.append(try trainer.trainEpoch()) }
        let learned = trainer.parameters
        XCTAssertGreaterThan(zip(learned.couplings.storage, p.couplings.storage).map { abs($0 - $1) }.max()!, 0.05,
                             "the weights did learn")
        let x = trainer.network.membranes(.spontaneous)
        let h = trainer.network.drives(.spontaneous)
        for chain in 0..<x.cols {
            for i in 0..<n {
                var exact: Double = 0
                for j in 0..<n { exact += Double(learned.couplings[i, j]) * Foundation.tanh(Double(x[j, chain])) }
                // Float sums of ≤ 12 terms of size ≤ ~3, plus the rational tanh's 1e-6: 1e-3 is generous.
                XCTAssertEqual(Double(h[i, chain]), exact, accuracy: 1e-3, "neuron \(i), chain \(chain)")
            }
        }
        var dense = Trainer(configuration: c.training, data: data,
                            state: .initial(parameters: p, chains: c.training.batchSize, seed: c.training.seed))
        var denseReports: [EpochReport] = []
        for _ in 0..<epochs { denseReports.append(try dense.trainEpoch()) }
        let eventLast = reports.suffix(3).map(\.mismatch).reduce(0, +) / 3
        let denseLast = denseReports.suffix(3).map(\.mismatch).reduce(0, +) / 3
        XCTAssertLessThan(eventLast, 1.25 * denseLast, "phase-free \(eventLast) vs dense \(denseLast)")
    }
}
