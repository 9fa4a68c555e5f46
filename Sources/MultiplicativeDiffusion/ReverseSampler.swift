import DenseKernels
import Foundation

/// The time grid and the heuristics of the authors' annealed reverse samplers (gbm.md §1.3): N levels on
/// [0, T]; at level k = N−1 … 0 the state sits at τ_k = (k+1)·T/N and the update is repeated L times with step δ
/// (δ = T/N makes one pass an Euler–Maruyama discretisation of the reverse SDE; the authors tune δ per dataset);
/// the injected noise is scaled by a_j = factor^j at the j-th level visited; optionally R noise-free steps at the
/// smallest level time T/N end the run (the authors' "Tweedie" refinement).
public struct ReverseSchedule: Sendable, Equatable {
    public var levels: Int
    public var horizon: Float
    public var stepSize: Float
    public var repeats: Int
    public var annealing: Float
    public var refinementSteps: Int

    /// `stepSize` nil means T/N.
    public init(levels: Int, horizon: Float = 1, stepSize: Float? = nil, repeats: Int = 1, annealing: Float = 1, refinementSteps: Int = 0) {
        precondition(levels >= 1 && repeats >= 1 && refinementSteps >= 0 && horizon > 0, "a valid schedule")
        self.levels = levels
        self.horizon = horizon
        self.stepSize = stepSize ?? horizon / Float(levels)
        self.repeats = repeats
        self.annealing = annealing
        self.refinementSteps = refinementSteps
    }

    /// τ_k = (k+1)·T/N.
    @inlinable public func time(level k: Int) -> Float { Float(k + 1) * horizon / Float(levels) }
}

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
    /// levels and repeats) from ``NoiseStreams`` `.reverse` step u, value c·d + i for chain c, coordinate i.
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
                NoiseStreams.stream(seed: seed, .reverse, step: update).fillGaussian(&noise, startingAt: 0)
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

/// Starting states of the reverse samplers.
public enum ReverseStart {
    /// i.i.d. log-normal states x = exp(m + s z), z from the `.start` stream (value c·d + i). The authors fit
    /// (m, s) per dataset to the terminal marginal (MNIST: 0.1565, 0.8353).
    public static func logNormal(chains: Int, dimension d: Int, logMean m: Float, logStd s: Float, seed: UInt64) -> Matrix {
        let z = NoiseStreams.gaussians(rows: chains, cols: d, seed: seed, .start, step: 0)
        return Matrix(rows: chains, cols: d, storage: z.storage.map { Foundation.exp(m + s * $0) })
    }

    /// The pooled log-normal fit of the terminal marginal of data x₀ (rows are samples) under GBM to time T:
    /// m = mean(log x₀) + (μ − σ²/2)T, s² = var(log x₀) + σ²T, pooled over all coordinates.
    public static func fit(data: Matrix, process: GeometricBrownianMotion, horizon: Float) -> (logMean: Float, logStd: Float) {
        var sum = 0.0, sumSquares = 0.0
        for v in data.storage { let y = Foundation.log(Double(v)); sum += y; sumSquares += y * y }
        let n = Double(max(1, data.count))
        let mean = sum / n, variance = max(0, sumSquares / n - mean * mean)
        return (Float(mean + Double(process.logDrift * horizon)), Float((variance + process.logVariance(time: Double(horizon))).squareRoot()))
    }

    /// The exact terminal law of the data: every row of x₀ pushed through GBM to time T in closed form, with
    /// noise from the `.start` stream.
    public static func pushed(_ data: Matrix, process: GeometricBrownianMotion, horizon: Float, seed: UInt64) -> Matrix {
        let z = NoiseStreams.gaussians(rows: data.rows, cols: data.cols, seed: seed, .start, step: 1)
        return Matrix(rows: data.rows, cols: data.cols, storage: (0..<data.count).map {
            process.noised(data.storage[$0], time: horizon, noise: z.storage[$0])
        })
    }
}
