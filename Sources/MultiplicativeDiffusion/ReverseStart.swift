import DenseKernels
import Foundation

/// Starting states of the reverse samplers.
public enum ReverseStart {
    /// i.i.d. log-normal states x = exp(m + s z), z from the `.start` stream (value c·d + i). The authors fit
    /// (m, s) per dataset to the terminal marginal (MNIST: 0.1565, 0.8353).
    public static func logNormal(chains: Int, dimension d: Int, logMean m: Float, logStd s: Float, seed: UInt64) -> Matrix {
        let z = DiffusionStreams.gaussians(rows: chains, cols: d, seed: seed, .start, step: 0)
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
        let z = DiffusionStreams.gaussians(rows: data.rows, cols: data.cols, seed: seed, .start, step: 1)
        return Matrix(rows: data.rows, cols: data.cols, storage: (0..<data.count).map {
            process.noised(data.storage[$0], time: horizon, noise: z.storage[$0])
        })
    }
}
