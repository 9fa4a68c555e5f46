import DenseKernels
import Foundation

/// The two discretisations of the reverse-time GBM SDE (gbm.md §1.2–1.3), with h = x ∘ s the Hyvärinen score.
public enum ReverseSampler: String, Sendable, CaseIterable {
    /// Sign-preserving Dale–Langevin sampler: Euler–Maruyama of the log-space reverse SDE, exponentiated,
    ///
    ///     x ← x ∘ exp( δσ² h − δ(μ − 1.5σ²) + a σ √δ z ).
    ///
    /// The factor is positive for every step, score and noise, so the state never leaves the positive orthant
    /// (in Float arithmetic: as long as log x stays within about ±87, where exp neither underflows nor overflows).
    case daleLangevin
    /// Sign-agnostic ambient sampler: Euler–Maruyama of the reverse SDE in the original coordinates,
    ///
    ///     x ← x ∘ ( 1 + 2δσ² − δμ + δσ² h + a σ √δ z ),
    ///
    /// the first-order expansion of the Dale–Langevin factor; the factor can be ≤ 0.
    case ambient

    /// The multiplicative factor of one update for score h, noise z and noise scale a.
    @inlinable public func factor(score h: Float, noise z: Float, noiseScale a: Float, step delta: Float,
                                  process p: GeometricBrownianMotion) -> Float {
        let s2 = p.variance
        switch self {
        case .daleLangevin:
            return Foundation.exp(delta * s2 * h - delta * (p.drift - 1.5 * s2) + a * p.volatility * delta.squareRoot() * z)
        case .ambient:
            return 1 + 2 * delta * s2 - delta * p.drift + delta * s2 * h + a * p.volatility * delta.squareRoot() * z
        }
    }

    /// The outcome of a reverse run: the final states (rows are chains) and, per chain, the first update
    /// (counted from 1) after which some coordinate was ≤ 0 or not finite (0: never). Such a chain is frozen
    /// there: the samplers are defined on the positive orthant only.
    public struct Result: Sendable {
        public var states: Matrix
        public var firstViolation: [Int]
        public var updates: Int
        /// Share of chains that left the positive orthant.
        public var violationRate: Double {
            Double(firstViolation.filter { $0 > 0 }.count) / Double(max(1, firstViolation.count))
        }
    }

    /// Runs the schedule from `start` (B × d, positive), drawing the noise of update u (counted from 0 over
    /// levels and repeats) from ``DiffusionStreams`` `.reverse` step u, value c·d + i for chain c, coordinate i.
    /// `observe` (if given) sees the states after each level.
    public func run(_ model: some HyvarinenScoreModel, process: GeometricBrownianMotion, schedule: ReverseSchedule,
                    start: Matrix, seed: UInt64, observe: ((Int, Matrix) -> Void)? = nil) -> Result {
        var x = start
        let d = x.cols
        var violation = [Int](repeating: 0, count: x.rows)
        var noise = [Float](repeating: 0, count: x.count)
        var update = 0
        func step(time tau: Float, noiseScale a: Float) {
            let h = model.hyvarinenScore(x, time: tau)
            if a != 0 {
                DiffusionStreams.stream(seed: seed, .reverse, step: update).fillGaussian(&noise, startingAt: 0)
            }
            update += 1
            for c in 0..<x.rows where violation[c] == 0 {
                var left = false
                for i in 0..<d {
                    let e = c * d + i
                    let v = x.storage[e] * factor(score: h.storage[e], noise: a != 0 ? noise[e] : 0, noiseScale: a,
                                                  step: schedule.stepSize, process: process)
                    x.storage[e] = v
                    if !(v > 0 && v.isFinite) { left = true }
                }
                if left { violation[c] = update }
            }
        }
        var a: Float = 1
        for k in stride(from: schedule.levels - 1, through: 0, by: -1) {
            for _ in 0..<schedule.repeats { step(time: schedule.time(level: k), noiseScale: a) }
            a *= schedule.annealing
            observe?(k, x)
        }
        for _ in 0..<schedule.refinementSteps { step(time: schedule.time(level: 0), noiseScale: 0) }
        return Result(states: x, firstViolation: violation, updates: update)
    }
}
