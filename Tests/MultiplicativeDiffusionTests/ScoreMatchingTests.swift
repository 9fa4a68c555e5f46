import DenseKernels
import Foundation
import MultiplicativeDiffusion
import Optimization
import XCTest

final class ScoreMatchingTests: XCTestCase {
    let process = GeometricBrownianMotion.paper

    /// The authors' residual σ²τh + log x_τ − log x₀ − μτ + 1.5σ²τ vanishes at h = −1 − z/(σ√τ) (to double
    /// rounding) and equals σ²τ·Δ when h is off by Δ.
    func testResidualIsZeroAtClosedFormTarget() {
        let u = RandomStream(seed: 1, stream: 2)
        for k in 0..<1000 {
            let x0 = 1 + Double(u.uniform(UInt64(4 * k))), tau = 0.001 + 0.999 * Double(u.uniform(UInt64(4 * k + 1)))
            let z = Double(u.gaussian(UInt64(4 * k + 2)))
            let sigma = Double(process.volatility), mu = Double(process.drift)
            let logXt = Foundation.log(x0) + (mu - sigma * sigma / 2) * tau + sigma * tau.squareRoot() * z
            let target = -1 - z / (Double(process.volatility) * tau.squareRoot())
            XCTAssertEqual(Double(MultiplicativeScoreMatching.conditionalTarget(noise: Float(z), time: Float(tau), process: process)),
                           target, accuracy: 1e-5 * max(1, abs(target)))
            let r = MultiplicativeScoreMatching.residual(score: target, logNoised: logXt, logClean: Foundation.log(x0), time: tau, process: process)
            XCTAssertEqual(r, 0, accuracy: 1e-12)
            let off = MultiplicativeScoreMatching.residual(score: target + 0.5, logNoised: logXt, logClean: Foundation.log(x0), time: tau, process: process)
            XCTAssertEqual(off, sigma * sigma * tau * 0.5, accuracy: 1e-12)
        }
    }

    /// The closed-form target is the x-scaled derivative of the log-normal transition density:
    /// x·∂ₓ log p(x | x₀) by central differences in double precision.
    func testConditionalTargetIsScaledGradientOfTransitionDensity() {
        for (x0, tau, z) in [(1.3, 0.2, 0.7), (1.9, 0.8, -1.4), (1.0, 0.01, 2.0)] {
            let x = Double(process.noised(Float(x0), time: Float(tau), noise: Float(z)))
            let h = 1e-6 * x
            let numeric = x * (process.logTransitionDensity(x + h, from: x0, time: tau) - process.logTransitionDensity(x - h, from: x0, time: tau)) / (2 * h)
            let closed = -1 - (Foundation.log(x / x0) - Double(process.logDrift) * tau) / (Double(process.variance) * tau)
            XCTAssertEqual(numeric, closed, accuracy: 1e-5 * max(1, abs(closed)))
        }
    }

    /// Every parameter's M-DSM gradient (both weightings, with and without the Gaussian skip) against central
    /// differences of the loss. Float evaluation with ε = 1e-2: rounding contributes ~1e-5/ε and curvature O(ε²);
    /// tolerance 2e-3 + 2%.
    func testNetworkGradientMatchesFiniteDifferences() {
        let data = LogNormalMixture.logNormal(logMean: 0.3, logStd: 0.2).sample(count: 50, dimension: 3, seed: 4)
        let batch = MultiplicativeScoreMatching.batch(from: data, size: 6, levels: 1000, step: 0, seed: 5)
        for skip in [false, true] {
            let model = ScoreNetwork(dimension: 3, hidden: [5, 4], timeFeatures: 4, process: process, logCentres: [0.3, 0.2, 0.4],
                                     logVariances: [0.05, 0.01, 0.1], gaussianSkip: skip, seed: 3)
            for weighting in MultiplicativeScoreMatching.Weighting.allCases {
                let (_, gradients) = MultiplicativeScoreMatching.lossAndGradient(model, batch, weighting: weighting)
                for (k, tensor) in model.tensors.enumerated() {
                    XCTAssertEqual(gradients[k].count, tensor.values.count)
                    for e in tensor.values.indices {
                        var plus = model, minus = model
                        var v = tensor.values
                        v[e] += 1e-2; plus.setTensor(tensor.name, v)
                        v[e] -= 2e-2; minus.setTensor(tensor.name, v)
                        let numeric = (MultiplicativeScoreMatching.lossAndGradient(plus, batch, weighting: weighting).loss
                                       - MultiplicativeScoreMatching.lossAndGradient(minus, batch, weighting: weighting).loss) / 2e-2
                        XCTAssertEqual(Double(gradients[k][e]), numeric, accuracy: 2e-3 + 0.02 * abs(numeric), "skip \(skip) \(weighting) \(tensor.name)[\(e)]")
                    }
                }
            }
        }
    }

    /// With the Gaussian skip and a zero last layer, the network's score is exactly the Hyvärinen score of
    /// independent log-normal coordinates log x₀ᵢ ~ N(c_i, v_i) under GBM (drift μ ≠ σ²/2 included).
    func testGaussianSkipIsExactForIndependentLogNormals() {
        let p = GeometricBrownianMotion(drift: 0.6, volatility: 0.7)
        let c: [Float] = [0.1, 0.5], v: [Float] = [0.04, 0.09]
        var model = ScoreNetwork(dimension: 2, hidden: [3], timeFeatures: 2, process: p, logCentres: c, logVariances: v, gaussianSkip: true, seed: 1)
        model.setTensor("w1", [Float](repeating: 0, count: 6))
        model.setTensor("b1", [0, 0])
        let x = ReverseStart.logNormal(chains: 20, dimension: 2, logMean: 0.3, logStd: 0.5, seed: 2)
        for tau: Float in [0.001, 0.3, 1] {
            let h = model.hyvarinenScore(x, time: tau)
            for i in 0..<2 {
                let exact = ExactMixtureScore(target: .logNormal(logMean: Double(c[i]), logStd: Double(v[i]).squareRoot()), process: p)
                let column = Matrix(rows: 20, cols: 1, storage: (0..<20).map { x[$0, i] })
                let e = exact.hyvarinenScore(column, time: tau)
                for r in 0..<20 { XCTAssertEqual(h[r, i], e.storage[r], accuracy: 1e-4 * max(1, abs(e.storage[r])), "τ = \(tau)") }
            }
        }
    }

    /// M-DSM ⇔ M-ESM (gbm.md §5.7): a network trained by denoising on a 1-D log-normal approaches the marginal
    /// Hyvärinen score −1 − (log x − m_τ)/v_τ. Measured in noise units, (σ√τ)²·(h_θ − h)², over the central 95%
    /// of p_τ at τ ∈ {0.1, 0.5, 0.9}: after training it must be below a tenth of the untrained network's error.
    func testDenoisingMinimiserApproachesMarginalScore() {
        let target = LogNormalMixture.logNormal(logMean: 0.3, logStd: 0.2)
        let data = target.sample(count: 4096, dimension: 1, seed: 6)
        var model = ScoreNetwork(dimension: 1, hidden: [32, 32], timeFeatures: 8, process: process, logCentre: 0.3, logVariance: 0.04, seed: 7)
        let exact = ExactMixtureScore(target: target, process: process)
        func error(_ m: ScoreNetwork) -> Double {
            var total = 0.0, count = 0
            for tau: Float in [0.1, 0.5, 0.9] {
                let pushed = target.pushed(through: process, time: Double(tau)).components[0]
                let x = Matrix(rows: 41, cols: 1, storage: (0..<41).map { Float(Foundation.exp(pushed.logMean + pushed.logStd * (-2 + 0.1 * Double($0)))) })
                let a = m.hyvarinenScore(x, time: tau), b = exact.hyvarinenScore(x, time: tau)
                for k in 0..<41 { let d = Double(a.storage[k] - b.storage[k]); total += d * d * Double(process.variance * tau); count += 1 }
            }
            return total / Double(count)
        }
        let before = error(model)
        MultiplicativeScoreMatching.train(&model, data: data, steps: 1500, batchSize: 128, levels: 1000,
                                          rule: .adam(learningRate: 3e-3, weightDecay: 0), weighting: .noise, finalFraction: 0.1, seed: 8)
        let after = error(model)
        XCTAssertLessThan(after, 0.1 * before, "before \(before), after \(after)")
    }

    /// Training the score network with exponentiated gradient (UpdateRule.exponentiatedGradient) never changes a
    /// weight's sign, while the weights do move; Adam with the same data changes some signs (the check can fail).
    func testExponentiatedGradientTrainingPreservesSigns() {
        let data = LogNormalMixture.logNormal(logMean: 0.3, logStd: 0.2).sample(count: 512, dimension: 2, seed: 9)
        let initial = ScoreNetwork(dimension: 2, hidden: [16], timeFeatures: 4, process: process, seed: 10)
        func signs(_ m: ScoreNetwork) -> [Float] { m.tensors.flatMap { $0.values.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) } } }
        var eg = initial, adam = initial
        MultiplicativeScoreMatching.train(&eg, data: data, steps: 200, batchSize: 32, levels: 1000,
                                          rule: .exponentiatedGradient(learningRate: 0.05), weighting: .noise, seed: 11)
        MultiplicativeScoreMatching.train(&adam, data: data, steps: 200, batchSize: 32, levels: 1000,
                                          rule: .adam(learningRate: 1e-2, weightDecay: 0), weighting: .noise, seed: 11)
        XCTAssertEqual(signs(eg), signs(initial))
        XCTAssertNotEqual(eg.tensors.flatMap(\.values), initial.tensors.flatMap(\.values))
        XCTAssertNotEqual(signs(adam), signs(initial))
    }
}
