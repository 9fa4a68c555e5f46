import DenseKernels
import Foundation
import MultiplicativeDiffusion
import XCTest

/// Forward GBM: simulated log-marginals against the closed form, within standard errors.
final class ForwardProcessTests: XCTestCase {
    /// Sample mean and (unbiased) variance of log of every entry.
    func logMoments(_ x: Matrix) -> (mean: Double, variance: Double, count: Int) {
        let y = x.storage.map { Foundation.log(Double($0)) }
        let n = Double(y.count)
        let mean = y.reduce(0, +) / n
        return (mean, y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1), y.count)
    }

    /// Exact log-space simulation, two parameter sets: mean of log X_T within 4 standard errors √(σ²T/n) of
    /// log x₀ + (μ − σ²/2)T, and variance within 4 standard errors σ²T·√(2/(n−1)) of σ²T.
    func testExactSimulationMatchesClosedFormMarginal() {
        for (process, seed) in [(GeometricBrownianMotion.paper, UInt64(1)), (GeometricBrownianMotion(drift: 0.5, volatility: 0.5), 2)] {
            let n = 20_000, horizon: Float = 1
            let x = process.simulateExact(Matrix(rows: n, cols: 1, repeating: 1.5), time: horizon, steps: 50, seed: seed)
            let m = logMoments(x)
            let mean = process.logMean(logX0: Foundation.log(1.5), time: 1), variance = process.logVariance(time: 1)
            XCTAssertEqual(m.mean, mean, accuracy: 4 * (variance / Double(n)).squareRoot())
            XCTAssertEqual(m.variance, variance, accuracy: 4 * variance * (2 / Double(n - 1)).squareRoot())
        }
    }

    /// Euler–Maruyama in x: per step E log(1 + μδ + σ√δz) = (μ − σ²/2)δ + δ²(−μ²/2 + μσ² − 3σ⁴/4) + O(δ³), so the
    /// log-mean is the closed form plus T·δ·(−μ²/2 + μσ² − 3σ⁴/4); checked within 4 standard errors, and so is
    /// the log-variance with its own first-order term.
    func testEulerMaruyamaMatchesClosedFormToFirstOrder() {
        let p = GeometricBrownianMotion(drift: 0.4, volatility: 0.6)
        let n = 20_000, steps = 200
        let delta = 1 / Double(steps)
        let x = p.simulateEulerMaruyama(Matrix(rows: n, cols: 1, repeating: 1.2), time: 1, steps: steps, seed: 3)
        XCTAssert(x.storage.allSatisfy { $0 > 0 })
        let m = logMoments(x)
        let mu = Double(p.drift), s2 = Double(p.variance)
        let bias = delta * (-mu * mu / 2 + mu * s2 - 0.75 * s2 * s2)
        let variance = p.logVariance(time: 1)
        XCTAssertEqual(m.mean, p.logMean(logX0: Foundation.log(1.2), time: 1) + bias, accuracy: 4 * (variance / Double(n)).squareRoot())
        // Per step Var log(1 + a) = σ²δ + δ²(2.5σ⁴ − 2μσ²) + O(δ³).
        let varianceBias = delta * (2.5 * s2 * s2 - 2 * mu * s2)
        XCTAssertEqual(m.variance, variance + varianceBias, accuracy: 4 * variance * (2 / Double(n - 1)).squareRoot())
    }

    /// The conditional log-normal density solves the Fokker–Planck equation ∂ₜp = −∂ₓ(μxp) + ½∂ₓ²(σ²x²p)
    /// (central differences in double precision; with μt instead of (μ − σ²/2)t in the location it would not).
    func testTransitionDensitySolvesFokkerPlanck() {
        let p = GeometricBrownianMotion(drift: 0.3, volatility: 0.7)
        let mu = Double(p.drift), s2 = Double(p.variance), x0 = 1.3
        func density(_ x: Double, _ t: Double) -> Double { Foundation.exp(p.logTransitionDensity(x, from: x0, time: t)) }
        for (x, t) in [(0.8, 0.3), (1.3, 0.5), (2.1, 0.9), (1.0, 0.2)] {
            let h = 1e-4
            let dt = (density(x, t + h) - density(x, t - h)) / (2 * h)
            let flux = { (y: Double) in mu * y * density(y, t) }
            let diffusion = { (y: Double) in 0.5 * s2 * y * y * density(y, t) }
            let rhs = -(flux(x + h) - flux(x - h)) / (2 * h) + (diffusion(x + h) - 2 * diffusion(x) + diffusion(x - h)) / (h * h)
            XCTAssertEqual(dt, rhs, accuracy: 1e-5 * max(1, abs(dt)), "x = \(x), t = \(t)")
        }
    }

    /// A seed fixes the forward paths bit for bit; another seed changes them.
    func testSeedFixesPathsBitForBit() {
        let x0 = Matrix(rows: 7, cols: 3, repeating: 1.5)
        let p = GeometricBrownianMotion.paper
        XCTAssertEqual(p.simulateExact(x0, time: 1, steps: 10, seed: 5), p.simulateExact(x0, time: 1, steps: 10, seed: 5))
        XCTAssertNotEqual(p.simulateExact(x0, time: 1, steps: 10, seed: 5), p.simulateExact(x0, time: 1, steps: 10, seed: 6))
    }
}
