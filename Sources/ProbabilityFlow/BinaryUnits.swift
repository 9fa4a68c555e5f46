import DenseKernels
import Foundation
import LangevinMachine

/// Scalar functions of binary stochastic neurons with states s ∈ {0, 1}.
public enum BinaryUnits {
    /// The firing probability P(sᵢ = 1 | rest) = σ(uᵢ) = 1 / (1 + e^{−uᵢ}) of a unit with input uᵢ.
    @inlinable public static func firingProbability(_ u: Float) -> Float { 1 / (1 + Foundation.exp(-u)) }

    /// log(1 + eᵘ), computed without overflow.
    @inlinable public static func softplus(_ u: Double) -> Double {
        u > 0 ? u + Foundation.log1p(Foundation.exp(-u)) : Foundation.log1p(Foundation.exp(u))
    }

    /// log Σ exp(xₖ), shifted by the maximum.
    public static func logSumExp(_ x: [Double]) -> Double {
        guard let m = x.max(), m.isFinite else { return x.max() ?? -.infinity }
        return m + Foundation.log(x.reduce(0) { $0 + Foundation.exp($1 - m) })
    }

    /// Samples row `i` of a batch (one unit across chains): sₖ = 1 when uniform_k < σ(u_k), with the
    /// uniforms of stream (`purpose`, `step`, neuron i) indexed by chain, so the event path (one unit, one
    /// chain) and the dense path (a whole row) draw the same numbers.
    static func sampleRow(_ out: UnsafeMutablePointer<Float>, probabilities p: UnsafePointer<Float>, count: Int,
                          seed: UInt64, purpose: RandomPurpose, step: UInt64, neuron i: Int,
                          scratch: UnsafeMutableBufferPointer<Float>) {
        NoiseStreams.random(seed: seed, purpose, step: step, neuron: i)
            .fillUniform(UnsafeMutableBufferPointer(rebasing: scratch[0..<count]), startingAt: 0)
        for c in 0..<count { out[c] = scratch[c] < p[c] ? 1 : 0 }
    }
}
