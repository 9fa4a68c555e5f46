import Datasets
import DenseKernels
import Foundation
import LangevinMachine

/// Denoising: held-out images are corrupted, the dynamics runs from the corrupted state, and the mean square
/// error between rates and the original image is measured before and after. Errors are measured on rates
/// s = 2p − 1 ∈ [−1, 1] (the scale of the reference code: flipping 20% of the pixels of a binary image costs
/// about 0.2 · 2² ≈ 0.76).
public struct DenoisingResult: Sendable, Equatable {
    public var fraction: Float
    public var mseBefore: Float
    public var mseAfter: Float
}

public enum Denoiser {
    /// Corrupts each image (columns of the returned N × B rates matrix): `.flip` negates the rate of exactly
    /// round(fraction · N) pixels chosen at random; `.noise` adds N(0, (2·fraction)²) to every rate and clips
    /// to [−1, 1]. Randomness: stream (corruption, step = level index, neuron = image index).
    public static func corrupt(_ images: ImageSet, fraction: Float, mode: NetworkSpec.Denoising.Mode,
                               seed: UInt64, level: Int) -> Matrix {
        let n = images.pixelsPerImage, b = images.count
        var rates = Matrix(rows: n, cols: b)
        let flips = Int((fraction * Float(n)).rounded())
        for c in 0..<b {
            let stream = NoiseStreams.random(seed: seed, .corruption, step: UInt64(level), neuron: c)
            var column = images.image(c).map { 2 * $0 - 1 }
            switch mode {
            case .flip:
                var order = Array(0..<n)
                for k in 0..<flips {
                    let j = k + min(Int(stream.uniform(UInt64(k)) * Float(n - k)), n - k - 1)
                    order.swapAt(k, j)
                    column[order[k]] = -column[order[k]]
                }
            case .noise:
                var z = [Float](repeating: 0, count: n)
                z.withUnsafeMutableBufferPointer { stream.fillGaussian($0, startingAt: 0) }
                for i in 0..<n { column[i] = min(1, max(-1, column[i] + 2 * fraction * z[i])) }
            }
            for i in 0..<n { rates[i, c] = column[i] }
        }
        return rates
    }

    /// Mean of (a − b)² over all entries.
    static func mse(_ a: Matrix, _ b: Matrix) -> Float {
        var s: Double = 0
        for k in 0..<a.count { let d = Double(a.storage[k] - b.storage[k]); s += d * d }
        return Float(s / Double(max(a.count, 1)))
    }

    /// Runs the denoising experiment at every level of `spec`; returns the results and, per level, the
    /// corrupted, restored and original rates (N × B) for pictures.
    public static func run(_ parameters: Parameters, images: ImageSet, encoding: PixelEncoding,
                           _ spec: NetworkSpec.Denoising, seed: UInt64)
        -> [(result: DenoisingResult, corrupted: Matrix, restored: Matrix, original: Matrix)] {
        let subset = images.prefix(spec.images)
        let n = subset.pixelsPerImage, b = subset.count
        var original = Matrix(rows: n, cols: b)
        for c in 0..<b { for (i, p) in subset.image(c).enumerated() { original[i, c] = 2 * p - 1 } }
        let dyn = DenseDynamics(parameters: parameters, temperature: spec.temperature, dt: spec.dt)
        var work = BatchWorkspace(neurons: n, columns: b)
        return spec.fractions.enumerated().map { level, fraction in
            let corrupted = corrupt(subset, fraction: fraction, mode: spec.mode, seed: seed, level: level)
            // Start the dynamics from the encoding of the corrupted image (rates → pixels → membrane values).
            var x = corrupted
            for k in 0..<x.count { x.storage[k] = encoding.encode((corrupted.storage[k] + 1) / 2) }
            dyn.run(&x, steps: spec.steps, firstStep: 0,
                    noise: NoiseSource(seed: seed, purpose: .samplingNoise, firstChain: UInt64(level) << 32), workspace: &work)
            var restored = x
            for k in 0..<x.count { restored.storage[k] = Foundation.tanh(x.storage[k]) }
            let result = DenoisingResult(fraction: fraction, mseBefore: mse(corrupted, original), mseAfter: mse(restored, original))
            return (result, corrupted, restored, original)
        }
    }
}
