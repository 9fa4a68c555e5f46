import DenseKernels
import Foundation
import ReservoirSampling
import XCTest

final class ReservoirSamplingTests: XCTestCase {
    func random(_ rows: Int, _ cols: Int, seed: UInt64, scale: Float = 1) -> Matrix {
        let s = RandomStream(seed: seed, stream: 9)
        return Matrix(rows: rows, cols: cols, storage: (0..<(rows * cols)).map { scale * s.gaussian(UInt64($0)) })
    }

    /// Every DSM gradient of every architecture and nonlinearity against central differences of the loss.
    /// Float evaluation with ε = 1e-2: rounding contributes ~1e-5/ε and curvature O(ε²); the tolerance is
    /// 2e-3 + 2% of the value.
    func testDenoisingScoreMatchingGradientsMatchFiniteDifferences() {
        var checked = 0, skipped = 0
        for architecture in ScoreArchitecture.allCases {
            for nonlinearity in Nonlinearity.allCases {
                let model = ScoreModel(architecture, dimension: 2, reservoirSize: 6, nonlinearity: nonlinearity, seed: 3)
                let x = random(5, 2, seed: 4), eps = random(5, 2, seed: 5)
                var noisy = x
                for k in 0..<noisy.count { noisy.storage[k] += 0.3 * eps.storage[k] }
                let g = DenoisingScoreMatching.lossAndGradient(model, noisy: noisy, epsilon: eps, sigma: 0.3).gradients
                for (name, values) in model.tensors {
                    for k in values.indices {
                        var plus = model, minus = model
                        var v = values; v[k] += 1e-2; plus = with(plus, name, v)
                        v = values; v[k] -= 1e-2; minus = with(minus, name, v)
                        let center = DenoisingScoreMatching.lossAndGradient(model, noisy: noisy, epsilon: eps, sigma: 0.3).loss
                        let up = DenoisingScoreMatching.lossAndGradient(plus, noisy: noisy, epsilon: eps, sigma: 0.3).loss
                        let down = DenoisingScoreMatching.lossAndGradient(minus, noisy: noisy, epsilon: eps, sigma: 0.3).loss
                        let numeric = (up - down) / 2e-2
                        // ReLU has kinks: a perturbation that crosses one shows as one-sided slopes that disagree
                        // (independently of the analytic gradient); such coordinates are skipped, the rest checked.
                        let right = (up - center) / 1e-2, left = (center - down) / 1e-2
                        if nonlinearity == .relu && abs(right - left) > 0.05 * max(1, abs(numeric)) { skipped += 1; continue }
                        checked += 1
                        XCTAssertEqual(Double(g[name]![k]), numeric, accuracy: 2e-3 + 0.02 * abs(numeric), "\(architecture) \(nonlinearity) \(name)[\(k)]")
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 10 * skipped, "too many kink crossings: \(skipped) skipped, \(checked) checked")
    }

    /// Antithetic noise pairs (ε, −ε) leave the DSM gradient unbiased and remove its 1/σ-sized noise: over 400
    /// draws at σ = 0.02, the mean gradient of W_out agrees with that of independent noise on the same number of
    /// rows (2B) within 4 combined standard errors, and its variance is below a tenth of theirs (the leading
    /// term, of order 1/σ² ≈ 2500 times the rest, cancels; without pairing the ratio would be ≈ 1).
    func testAntitheticNoiseIsUnbiasedAndRemovesTheSmallSigmaVariance() {
        let model = ScoreModel(.reservoir, dimension: 1, reservoirSize: 20, nonlinearity: .tanh, seed: 7)
        let x = random(8, 1, seed: 8)
        let doubled = Matrix(rows: 16, cols: 1, storage: x.storage + x.storage)
        let sigma: Float = 0.02, draws = 400
        var paired: [[Double]] = [], independent: [[Double]] = []
        for step in 0..<draws {
            let a = DenoisingScoreMatching.corrupt(x, sigma: sigma, antithetic: true, seed: 1, step: step)
            XCTAssertEqual(a.noisy.rows, 16)
            paired.append(DenoisingScoreMatching.lossAndGradient(model, noisy: a.noisy, epsilon: a.epsilon, sigma: sigma).gradients["w1"]!.map(Double.init))
            let b = DenoisingScoreMatching.corrupt(doubled, sigma: sigma, antithetic: false, seed: 2, step: step)
            independent.append(DenoisingScoreMatching.lossAndGradient(model, noisy: b.noisy, epsilon: b.epsilon, sigma: sigma).gradients["w1"]!.map(Double.init))
        }
        func moments(_ v: [[Double]], _ j: Int) -> (mean: Double, variance: Double) {
            let m = v.reduce(0) { $0 + $1[j] } / Double(v.count)
            return (m, v.reduce(0) { $0 + ($1[j] - m) * ($1[j] - m) } / Double(v.count - 1))
        }
        var ratios: [Double] = []
        for j in 0..<20 {
            let p = moments(paired, j), q = moments(independent, j)
            XCTAssertEqual(p.mean, q.mean, accuracy: 4 * ((p.variance + q.variance) / Double(draws)).squareRoot(), "w1[\(j)]")
            ratios.append(p.variance / q.variance)
        }
        XCTAssertLessThan(ratios.max()!, 0.1, "variance ratios \(ratios)")
    }

    /// Dale's law for the reservoir: DSM training with the exponentiated-gradient rule moves the weights (the
    /// loss falls) but leaves every weight and bias with the sign it started with.
    func testExponentiatedGradientTrainingKeepsEverySign() {
        var model = ScoreModel(.reservoir, dimension: 1, reservoirSize: 30, nonlinearity: .relu, seed: 11)
        let before = model.tensors
        // The loss on one fixed batch of 4000 noisy points (σ = 0.5) before and after 400 steps.
        let probe = DenoisingScoreMatching.corrupt(TargetDistribution.twoPeak.sample(4000, seed: 9), sigma: 0.5, antithetic: false, seed: 10, step: 0)
        func loss() -> Double { DenoisingScoreMatching.lossAndGradient(model, noisy: probe.noisy, epsilon: probe.epsilon, sigma: 0.5).loss }
        let initial = loss()
        _ = DenoisingScoreMatching.train(&model, levels: [0.5], stepsPerLevel: 400, rule: .exponentiatedGradient(learningRate: 0.02), seed: 3) { step in
            TargetDistribution.twoPeak.sample(64, seed: 100 + UInt64(step))
        }
        XCTAssertLessThan(loss(), initial)
        for ((name, old), (_, new)) in zip(before, model.tensors) {
            XCTAssertNotEqual(old, new, name)
            for k in old.indices where old[k] != 0 { XCTAssertEqual(old[k].sign, new[k].sign, "\(name)[\(k)]") }
        }
    }

    func with(_ model: ScoreModel, _ name: String, _ values: [Float]) -> ScoreModel {
        var m = model
        switch name {
        case "w1": m.w1.storage = values
        case "w2": m.w2.storage = values
        default: m.bias = values
        }
        return m
    }

    /// Exact closure: W_out W_out⁺ = I, and the read-out x = W_out r of the full reservoir simulation equals a
    /// direct simulation of dx = s(x)dt + √2 dW driven by the same increments (float tolerance), with the
    /// factored and the assembled W_rec alike.
    func testReservoirOutputIsExactlyTheOutputLangevinDynamics() throws {
        for nonlinearity in Nonlinearity.allCases {
            let model = ScoreModel(.reservoir, dimension: 2, reservoirSize: 50, nonlinearity: nonlinearity, seed: 7)
            let circuit = try ReservoirCircuit(model)
            let identity = Matrix.product(model.w1, .none, circuit.pseudoInverse, .none)
            for i in 0..<2 { for j in 0..<2 { XCTAssertEqual(identity[i, j], i == j ? 1 : 0, accuracy: 1e-5) } }
            // Start the reservoir in the row space of W_out's pseudo-inverse image so that x₀ = W_out r₀.
            let r0 = Matrix.product(random(8, 2, seed: 8), .none, circuit.pseudoInverse, .transposed)
            let x0 = circuit.output(r0)
            for factored in [true, false] {
                let r = circuit.simulate(r0, steps: 300, dt: 1e-2, seed: 11, factored: factored)
                let direct = LangevinSampler.simulate(model, x0, steps: 300, dt: 1e-2, seed: 11)
                let readout = circuit.output(r)
                for k in 0..<direct.count {
                    XCTAssertEqual(readout.storage[k], direct.storage[k], accuracy: 2e-3 * max(1, abs(direct.storage[k])), "\(nonlinearity) factored \(factored)")
                }
            }
        }
    }
}

final class ReservoirAgentTests: XCTestCase {
    /// Every reservoir neuron and output unit an agent on the event scheduler: with the same noise increments
    /// the agents' rates and read-out follow the dense circuit (factored W_rec) to float tolerance, and the
    /// read-out they accumulate incrementally stays equal to W_out r.
    func testEventDrivenReservoirFollowsTheDenseCircuit() throws {
        let model = ScoreModel(.reservoir, dimension: 2, reservoirSize: 30, nonlinearity: .tanh, seed: 12)
        let circuit = try ReservoirCircuit(model)
        let s = RandomStream(seed: 13, stream: 0)
        let r0 = Matrix(rows: 3, cols: 30, storage: (0..<90).map { 0.5 * s.gaussian(UInt64($0)) })
        var agents = ReservoirAgents(circuit, initialRates: r0)
        agents.run(steps: 200, dt: 1e-2, seed: 14)
        let dense = circuit.simulate(r0, steps: 200, dt: 1e-2, seed: 14)
        for k in 0..<dense.count { XCTAssertEqual(agents.rates.storage[k], dense.storage[k], accuracy: 1e-4) }
        let readout = circuit.output(agents.rates)
        for k in 0..<readout.count { XCTAssertEqual(agents.outputs.storage[k], readout.storage[k], accuracy: 1e-3) }
        XCTAssertEqual(agents.eventsHandled, 200 * (30 + 2 * 2))
    }
}
