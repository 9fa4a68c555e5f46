import DenseKernels
import Foundation

/// The forward noising process of the multiplicative diffusion model (Shetty, Prasath & Seelamantula,
/// "Dale meets Langevin", arXiv 2510.02730): every coordinate follows geometric Brownian motion
///
///     dX = μ X dt + σ X dW,   X₀ = data > 0,
///
/// and by Itô's lemma Y = log X is Brownian motion with drift, dY = (μ − σ²/2) dt + σ dW, so
///
///     log X_τ | x₀  ~  N( log x₀ + (μ − σ²/2) τ,  σ² τ ).
///
/// The authors use σ = 0.8 and μ = σ²/2 (no drift in log space) on τ ∈ [0, 1] (``paper``).
public struct GeometricBrownianMotion: Sendable, Equatable {
    /// μ, the drift rate.
    public var drift: Float
    /// σ, the volatility.
    public var volatility: Float

    public init(drift: Float, volatility: Float) {
        self.drift = drift
        self.volatility = volatility
    }

    /// σ = 0.8, μ = σ²/2 = 0.32, as in every configuration of the authors' code.
    public static let paper = GeometricBrownianMotion(drift: 0.32, volatility: 0.8)

    /// σ².
    @inlinable public var variance: Float { volatility * volatility }

    /// The drift of log X, μ − σ²/2 (Itô correction).
    @inlinable public var logDrift: Float { drift - 0.5 * volatility * volatility }

    /// E[log X_τ | x₀] = log x₀ + (μ − σ²/2) τ.
    public func logMean(logX0: Double, time tau: Double) -> Double { logX0 + Double(logDrift) * tau }

    /// Var[log X_τ | x₀] = σ² τ.
    public func logVariance(time tau: Double) -> Double { Double(variance) * tau }

    /// The closed-form conditional sample x_τ = x₀ · exp((μ − σ²/2) τ + σ √τ z) for a standard normal z.
    @inlinable public func noised(_ x0: Float, time tau: Float, noise z: Float) -> Float {
        x0 * Foundation.exp(logDrift * tau + volatility * tau.squareRoot() * z)
    }

    /// log p(x_τ | x₀): the log-normal density 1/(x σ√(2πτ)) · exp(−(log x − log x₀ − (μ − σ²/2)τ)² / (2σ²τ)).
    public func logTransitionDensity(_ x: Double, from x0: Double, time tau: Double) -> Double {
        let v = logVariance(time: tau)
        let r = Foundation.log(x) - logMean(logX0: Foundation.log(x0), time: tau)
        return -Foundation.log(x) - 0.5 * Foundation.log(2 * Double.pi * v) - r * r / (2 * v)
    }

    /// Exact simulation on a grid of `steps` steps of δ = time/steps, in log space:
    /// log x ← log x + (μ − σ²/2) δ + σ √δ z_k. Exact in law at every grid time for any δ.
    /// Rows are chains, columns coordinates; z_k of chain c, coordinate i is ``DiffusionStreams`` `.forward`
    /// value c·d + i of step k.
    public func simulateExact(_ x0: Matrix, time: Float, steps: Int, seed: UInt64) -> Matrix {
        precondition(steps >= 1, "at least one step")
        let delta = time / Float(steps)
        let mean = logDrift * delta, spread = volatility * delta.squareRoot()
        var y = x0.storage.map { Foundation.log($0) }
        var z = [Float](repeating: 0, count: y.count)
        for k in 0..<steps {
            DiffusionStreams.stream(seed: seed, .forward, step: k).fillGaussian(&z, startingAt: 0)
            for e in 0..<y.count { y[e] += mean + spread * z[e] }
        }
        return Matrix(rows: x0.rows, cols: x0.cols, storage: y.map { Foundation.exp($0) })
    }

    /// Euler–Maruyama in the original coordinates: x ← x · (1 + μ δ + σ √δ z_k), with the same increments
    /// as ``simulateExact(_:time:steps:seed:)``. First order; its log-mean is biased by O(δ) and the multiplier
    /// can become negative for large δ (the state is returned as computed, not clipped).
    public func simulateEulerMaruyama(_ x0: Matrix, time: Float, steps: Int, seed: UInt64) -> Matrix {
        precondition(steps >= 1, "at least one step")
        let delta = time / Float(steps)
        let spread = volatility * delta.squareRoot()
        var x = x0
        var z = [Float](repeating: 0, count: x.count)
        for k in 0..<steps {
            DiffusionStreams.stream(seed: seed, .forward, step: k).fillGaussian(&z, startingAt: 0)
            for e in 0..<x.count { x.storage[e] *= 1 + drift * delta + spread * z[e] }
        }
        return x
    }
}
