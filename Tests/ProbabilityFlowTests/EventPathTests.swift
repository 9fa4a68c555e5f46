import DenseKernels
import Foundation
import NeuralAgents
import XCTest
import ProbabilityFlow

final class EventPathTests: XCTestCase {
    /// Per-chain time averages of sᵢsⱼ (sᵢ on the diagonal), chains × n × n.
    static func chainMoments(_ snapshots: [Matrix], units n: Int) -> [[Double]] {
        let chains = snapshots[0].cols
        return (0..<chains).map { c in
            var m = [Double](repeating: 0, count: n * n)
            for x in snapshots { for i in 0..<n where x[i, c] == 1 { for j in 0..<n where x[j, c] == 1 { m[i * n + j] += 1 } } }
            return m.map { $0 / Double(snapshots.count) }
        }
    }

    static func meanAndSE(_ perChain: [[Double]], _ e: Int) -> (Double, Double) {
        let v = perChain.map { $0[e] }, mean = v.reduce(0, +) / Double(v.count)
        let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)
        return (mean, (variance / Double(v.count)).squareRoot())
    }

    /// Asynchronous Glauber agents on Poisson clocks sample the same distribution as the dense block Gibbs
    /// sampler: every first and second moment agrees within 4 combined SE (and both agree with enumeration).
    func testEventPathStationaryStatisticsMatchDenseGibbs() {
        let a = BoltzmannArchitecture.restricted(visible: 5, hidden: 3, intraHidden: true)
        let m = TestModels.random(a, scale: 0.9, seed: 71)
        let n = m.unitCount, chains = 200, records = 100
        let x0 = GibbsSampler.randomStates(units: n, chains: chains, seed: 72)
        var agents = GlauberAgents(m, initialStates: x0, clock: .poisson(meanInterval: 1), seed: 73)
        agents.run(until: 20)
        agents.scheduleRecords(every: 2, until: 20 + 2 * Double(records))
        var eventSnapshots: [Matrix] = []
        agents.run(until: 20 + 2 * Double(records) + 0.5) { eventSnapshots.append($0.states) }
        XCTAssertEqual(eventSnapshots.count, records)
        var x = x0, gibbsSnapshots: [Matrix] = []
        GibbsSampler.run(m, states: &x, sweeps: 20, seed: 74, purpose: .samplingNoise)
        for t in 0..<records {
            GibbsSampler.sweep(m, states: &x, seed: 74, purpose: .samplingNoise, step: 20 + UInt64(t))
            gibbsSnapshots.append(x)
        }
        let ev = Self.chainMoments(eventSnapshots, units: n), gb = Self.chainMoments(gibbsSnapshots, units: n)
        let exact = TestModels.moments(ExactEnumeration.logProbabilities(m), units: n)
        for e in 0..<(n * n) {
            let (me, se) = Self.meanAndSE(ev, e), (mg, sg) = Self.meanAndSE(gb, e)
            XCTAssertEqual(me, mg, accuracy: 4 * (se * se + sg * sg).squareRoot() + 1e-4, "moment \(e / n),\(e % n): events \(me) ± \(se), Gibbs \(mg) ± \(sg)")
            XCTAssertEqual(me, exact[e], accuracy: 4 * se + 1e-4, "moment \(e / n),\(e % n) against enumeration")
        }
        XCTAssertGreaterThan(agents.eventsHandled, n * 200)
    }

    /// VPF through the engine: visible agents clamped to data, hidden agents in rate mode; one learning event per
    /// neuron changes each weight by −η ∂K/∂W of the dense objective (symmetric: both flip terms; asymmetric:
    /// the postsynaptic one), and the locality audit sees only the synapse's own pre and post signals.
    func testEventLearningIsTheDenseFlowStepAndLocal() {
        for symmetric in [true, false] {
            let a = BoltzmannArchitecture.restricted(visible: 6, hidden: 4)
            let m = TestModels.random(a, scale: 0.7, symmetric: symmetric, seed: 81)
            let data = GibbsSampler.randomStates(units: 6, chains: 20, seed: 82)
            var agents = TestModels.clampedVisibleAgents(m, data: data, clock: .fixed(interval: 1), seed: 83)
            agents.run(until: 3.5)
            let before = agents.model
            let x = MeanField.posterior(before, visible: data, sweeps: 1)
            for e in 0..<agents.states.count { XCTAssertEqual(agents.states.storage[e], x.storage[e], accuracy: 1e-6, "rates converged") }
            let g = ProbabilityFlowObjective.objectiveAndGradient(before, states: x)
            let audit = LocalityAudit(), eta: Float = 1e-3
            agents.attach(rule: ProbabilityFlowRule(learningRate: eta), audit: audit)
            agents.run(until: 4.5)
            for i in 0..<10 {
                for j in 0..<10 where m.mask[i * 10 + j] == 1 {
                    let step = (agents.model.weights[i, j] - before.weights[i, j]) / eta
                    XCTAssertEqual(step, -g.weights[i, j], accuracy: 0.02 * max(abs(g.weights[i, j]), 0.05), "W[\(i),\(j)], symmetric \(symmetric)")
                }
                XCTAssertEqual((agents.model.bias[i] - before.bias[i]) / eta, -g.bias[i], accuracy: 0.02 * max(abs(g.bias[i]), 0.05))
            }
            XCTAssertGreaterThan(audit.reads.count, 10 * 4 * 2)
            for r in audit.reads {
                switch r.signal {
                case .rate: XCTAssertTrue(r.neuron == r.pre || r.neuron == r.post, "\(r)")
                case .membrane, .drive, .residual: XCTAssertEqual(r.neuron, r.post, "\(r)")
                case .weight, .elapsed, .bias, .time: XCTAssertEqual(r.neuron, -1, "\(r)")
                case .phase: XCTFail("the flow rule reads no global signal: \(r)")
                }
                if r.pre >= 0 { XCTAssertTrue(m.mask[r.post * 10 + r.pre] == 1, "only existing synapses: \(r)") }
            }
        }
    }

    /// VPF run entirely on the engine (visible agents clamped to 400 data points as chains, hidden agents in
    /// rate mode, every agent on its own Poisson clock, learning at each update) lowers the flow objective and
    /// raises the exact log-likelihood of the data, as the dense path does.
    func testEventDrivenVPFTrainingLearns() {
        let a = BoltzmannArchitecture.restricted(visible: 8, hidden: 4)
        let truth = TestModels.random(a, scale: 1.5, biasScale: 0.3, seed: 111)
        let data = TestModels.samples(logProbabilities: ExactEnumeration.visibleLogMarginals(truth), units: 8, count: 400, seed: 112)
        let start = BoltzmannMachine(architecture: a, weightScale: 0.1, seed: 113)
        var agents = TestModels.clampedVisibleAgents(start, data: data, clock: .poisson(meanInterval: 1), seed: 114)
        agents.run(until: 5)
        agents.attach(rule: ProbabilityFlowRule(learningRate: 0.05))
        agents.run(until: 400)
        let k = { (m: BoltzmannMachine) in ProbabilityFlowObjective.objective(m, states: MeanField.posterior(m, visible: data, sweeps: 1)) }
        let before = ExactEnumeration.logLikelihood(start, data: data), after = ExactEnumeration.logLikelihood(agents.model, data: data)
        let best = ExactEnumeration.logLikelihood(truth, data: data)
        XCTAssertLessThan(k(agents.model), 0.9 * k(start))
        XCTAssertGreaterThan(after, before + 0.5 * (best - before), "log-likelihood \(before) → \(after), truth \(best)")
        for i in 0..<12 { for j in 0..<i { XCTAssertEqual(agents.model.weights[i, j], agents.model.weights[j, i], "symmetric pairs stay symmetric") } }
    }
}
