import DenseKernels
import Foundation
import Optimization
import XCTest
import ProbabilityFlow

final class LearningTests: XCTestCase {
    /// MPF on N exact samples of a known 8-unit machine recovers its distribution: KL(p* ‖ p̂) is of the order of
    /// the sampling floor d/(2N) of a consistent estimator with d parameters (we allow 6× for MPF's lower
    /// efficiency), far below the KL of the starting point, and every parameter is recovered within 5 SE
    /// (SE estimated from the spread of the estimate over independent halves of the data).
    func testMPFRecoversAKnownMachine() {
        let n = 8, count = 40_000
        let truth = TestModels.random(.fullyVisible(n), scale: 0.8, seed: 21)
        let logp = ExactEnumeration.logProbabilities(truth)
        let data = TestModels.samples(logProbabilities: logp, units: n, count: count, seed: 22)
        func fit(_ x: Matrix) -> BoltzmannMachine {
            // Full batch over the distinct states, weighted by their counts.
            var counts = [Float](repeating: 0, count: 1 << n)
            for c in 0..<x.cols { counts[ExactEnumeration.stateNumber(x, column: c)] += 1 / Float(x.cols) }
            var training = FlowTraining(model: BoltzmannMachine(architecture: .fullyVisible(n), seed: 23),
                                        method: .probabilityFlow(sampledHidden: false),
                                        rule: .adam(learningRate: 0.05, weightDecay: 0), seed: 24)
            let states = ExactEnumeration.allStates(units: n)
            for _ in 0..<600 {
                let g = ProbabilityFlowObjective.objectiveAndGradient(training.model, states: states, columnWeights: counts)
                training.model.apply((g.weights, g.bias), optimizer: &training.optimizer)
            }
            return training.model
        }
        let learned = fit(data)
        let d = Double(n * (n - 1) / 2 + n)
        let kl = TestModels.kl(logp, ExactEnumeration.logProbabilities(learned))
        let klStart = TestModels.kl(logp, ExactEnumeration.logProbabilities(BoltzmannMachine(architecture: .fullyVisible(n), seed: 23)))
        print(String(format: "MPF recovery: KL(p* || p_MPF) = %.2e (start %.3f, ML floor d/2N = %.2e)", kl, klStart, d / (2 * Double(count))))
        XCTAssertLessThan(kl, 6 * d / (2 * Double(count)), "KL \(kl), floor \(d / (2 * Double(count)))")
        XCTAssertGreaterThan(klStart, 100 * kl)
        // Parameter recovery: halves A and B give two estimates; sd(θ̂) ≈ |θ̂_A − θ̂_B| / √2 · (1/√2) for N.
        var halfA = Matrix(rows: n, cols: count / 2), halfB = halfA
        for c in 0..<(count / 2) { for i in 0..<n { halfA[i, c] = data[i, c]; halfB[i, c] = data[i, c + count / 2] } }
        let a = fit(halfA), b = fit(halfB)
        var spread = 0.0, params = 0
        for i in 0..<n { for j in (i + 1)..<n { spread += pow(Double(a.weights[i, j] - b.weights[i, j]), 2); params += 1 } }
        let se = (spread / Double(params)).squareRoot() / 2   // RMS sd of one half-estimate is |Δ|/√2; the full-N SE is that /√2
        for i in 0..<n {
            for j in (i + 1)..<n {
                XCTAssertEqual(learned.weights[i, j], truth.weights[i, j], accuracy: Float(5 * se), "W[\(i),\(j)], SE \(se)")
            }
        }
    }

    /// CD-1 and PCD on a visible pair that is on together far more often than an uncoupled machine predicts:
    /// the descent step strengthens W₀₁ (gradient < 0) and raises the bias of the unit that is on more often
    /// than the model's chains; the exact ML gradient has the same signs.
    func testContrastiveDivergenceGradientSigns() {
        let n = 4, count = 400
        var data = Matrix(rows: n, cols: count)
        for c in 0..<count where c % 2 == 0 { data[0, c] = 1; data[1, c] = 1 }
        for c in 0..<count where c % 4 == 1 { data[2, c] = 1 }
        let model = BoltzmannMachine(architecture: .fullyVisible(n), weightScale: 0, seed: 1)
        for method in [LearningMethod.contrastiveDivergence(k: 1), .persistentContrastiveDivergence(k: 1, chains: 400)] {
            var training = FlowTraining(model: model, method: method, rule: .gradientDescent(learningRate: 0.1, decay: 0), seed: 31)
            training.step(visible: data)
            XCTAssertGreaterThan(training.model.weights[0, 1], 0, method.name)
            XCTAssertEqual(training.model.weights[0, 1], training.model.weights[1, 0], method.name)
            XCTAssertLessThan(training.model.weights[2, 3], training.model.weights[0, 1], method.name)
            XCTAssertLessThan(training.model.bias[3], 0, "\(method.name): unit 3 is never on in the data")
        }
        // Exact gradient: ⟨s₀s₁⟩_data = 0.5 > ⟨s₀s₁⟩_model = 0.25.
        let logp = ExactEnumeration.logProbabilities(model)
        let m = TestModels.moments(logp, units: n)
        XCTAssertEqual(m[0 * n + 1], 0.25, accuracy: 1e-9)
    }

    /// VPF on an RBM lowers its objective and raises the exact log-likelihood of its data.
    func testVPFImprovesLikelihoodOfAnRBM() {
        let truth = TestModels.random(.restricted(visible: 8, hidden: 4), scale: 1.5, biasScale: 0.3, seed: 41)
        let logv = ExactEnumeration.visibleLogMarginals(truth)
        let data = TestModels.samples(logProbabilities: logv, units: 8, count: 4000, seed: 42)
        var training = FlowTraining(model: BoltzmannMachine(architecture: .restricted(visible: 8, hidden: 4), weightScale: 0.1, seed: 43),
                                    method: .probabilityFlow(sampledHidden: false), rule: .adam(learningRate: 0.02, weightDecay: 0), seed: 44)
        let before = ExactEnumeration.logLikelihood(training.model, data: data)
        let k0 = training.step(visible: data)
        var k = k0
        for _ in 0..<300 { k = training.step(visible: data) }
        let after = ExactEnumeration.logLikelihood(training.model, data: data)
        let best = ExactEnumeration.logLikelihood(truth, data: data)
        XCTAssertLessThan(k, k0)
        XCTAssertGreaterThan(after, before + 0.5 * (best - before), "log-likelihood \(before) → \(after), truth \(best)")
    }

    /// A seed fixes every bit: two trainings with the same seed agree exactly (PCD chains and sampled hidden
    /// states draw from counter-based streams), a different seed does not.
    func testSeedFixesTrainingBitForBit() {
        let data = GibbsSampler.randomStates(units: 9, chains: 50, seed: 101)
        func train(_ method: LearningMethod, seed: UInt64) -> BoltzmannMachine {
            var t = FlowTraining(model: BoltzmannMachine(architecture: .restricted(visible: 9, hidden: 5), weightScale: 0.1, seed: 102),
                                 method: method, rule: .adam(learningRate: 0.01, weightDecay: 0), seed: seed)
            for _ in 0..<20 { t.step(visible: data) }
            return t.model
        }
        for method in [LearningMethod.persistentContrastiveDivergence(k: 2, chains: 30), .probabilityFlow(sampledHidden: true)] {
            XCTAssertEqual(train(method, seed: 1).weights, train(method, seed: 1).weights, method.name)
            XCTAssertNotEqual(train(method, seed: 1).weights, train(method, seed: 2).weights, method.name)
        }
    }
}
