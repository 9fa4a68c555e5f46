import DenseKernels
import Foundation
import LangevinMachine

/// How test images are damaged before reconstruction.
public enum Corruption: Sendable, Equatable {
    /// A square block covering `fraction` of the image (side ⌈√fraction · width⌉) at a random position is
    /// erased; the model is told which pixels are missing.
    case occlusion(fraction: Double)
    /// Each pixel is flipped with probability `fraction`; the model is not told which.
    case flips(fraction: Double)

    public var level: Double {
        switch self { case let .occlusion(f), let .flips(f): return f }
    }
}

/// How the posterior over the damaged pixels is computed.
public enum InferenceMethod: Sendable, Equatable {
    /// Mean-field sweeps (deterministic, can settle in one mode).
    case meanField(sweeps: Int)
    /// Gibbs sampling of the posterior, one chain per image: after `burnIn` sweeps, the visible firing
    /// probabilities of `sweeps` sweeps are averaged (Rao–Blackwellised posterior marginals).
    case gibbs(burnIn: Int, sweeps: Int)
}

/// Reconstruction of corrupted binary images by inference in the trained model, given what is known about
/// the corruption (our choices, the paper's procedure was not retrievable):
///
/// - Occlusion: the known pixels are clamped; the erased ones and the hidden units are inferred.
/// - Flips with known probability f: no pixel can be clamped, but each corrupted pixel ṽᵢ is evidence about
///   the clean vᵢ: p(v, h | ṽ) ∝ p(v, h) Πᵢ p(ṽᵢ | vᵢ), which adds the field φᵢ = (2ṽᵢ − 1) log((1 − f)/f) to the
///   input of visible unit i. All visible units are inferred under that field.
///
/// The reconstruction is the posterior marginal of each pixel; thresholded at ½ it is the estimate that
/// minimises the expected number of wrong pixels. The pixel error rate counts thresholded pixels that differ
/// from the clean image: over the erased pixels for occlusion, over all pixels for flips.
public enum ClampedInference {
    /// The corrupted images (nv × B) and the mask of pixels the model must infer (1 = free).
    public static func corrupt(_ images: Matrix, _ corruption: Corruption, width: Int, height: Int, seed: UInt64)
        -> (corrupted: Matrix, free: Matrix) {
        var x = images, free = Matrix(rows: images.rows, cols: images.cols)
        switch corruption {
        case let .occlusion(fraction):
            let side = min(width, Int((fraction.squareRoot() * Double(width)).rounded(.up)))
            let sideY = min(height, side)
            let stream = NoiseStreams.random(seed: seed, .corruption, step: 0, neuron: 0)
            for c in 0..<images.cols {
                let x0 = Int(stream.uniform(UInt64(2 * c)) * Float(width - side + 1)) % (width - side + 1)
                let y0 = Int(stream.uniform(UInt64(2 * c + 1)) * Float(height - sideY + 1)) % (height - sideY + 1)
                for y in y0..<(y0 + sideY) { for xx in x0..<(x0 + side) { x[y * width + xx, c] = 0; free[y * width + xx, c] = 1 } }
            }
        case let .flips(fraction):
            for i in 0..<images.rows {
                let stream = NoiseStreams.random(seed: seed, .corruption, step: 1, neuron: i)
                for c in 0..<images.cols where Double(stream.uniform(UInt64(c))) < fraction { x[i, c] = 1 - x[i, c] }
            }
        }
        return (x, free)
    }

    /// The reconstructed visible probabilities (nv × B). Hidden units start at their mean-field posterior given
    /// the corrupted image (`posteriorSweeps`); randomness (Gibbs) from stream (samplingNoise, sweep, unit) of `seed`.
    public static func reconstruct(_ model: BoltzmannMachine, corrupted: Matrix, free: Matrix, corruption: Corruption,
                                   inference: InferenceMethod, posteriorSweeps: Int, seed: UInt64 = 0) -> Matrix {
        var x = MeanField.posterior(model, visible: corrupted, sweeps: posteriorSweeps)
        var freeVisible = free, field: Matrix?
        if case let .flips(f) = corruption {
            freeVisible = Matrix(rows: free.rows, cols: free.cols, repeating: 1)
            if f > 0 {
                let evidence = Float(Foundation.log((1 - f) / f))
                field = Matrix(rows: corrupted.rows, cols: corrupted.cols, storage: corrupted.storage.map { (2 * $0 - 1) * evidence })
            }
        }
        switch inference {
        case let .meanField(sweeps):
            MeanField.relax(model, states: &x, sweeps: sweeps, freeVisible: freeVisible, visibleField: field)
            return Matrix(rows: corrupted.rows, cols: corrupted.cols, storage: Array(x.storage[0..<corrupted.count]))
        case let .gibbs(burnIn, sweeps):
            // Start from a sample of the hidden units' posterior, then sweep: visible (free entries) and hidden.
            GibbsSampler.sweep(model, states: &x, seed: seed, purpose: .samplingNoise, step: 0, clampVisible: true)
            var mean = Matrix(rows: corrupted.rows, cols: corrupted.cols)
            var probabilities = [Float](repeating: 0, count: corrupted.count)
            for t in 0..<(burnIn + sweeps) {
                probabilities.withUnsafeMutableBufferPointer { p in
                    GibbsSampler.sweep(model, states: &x, seed: seed, purpose: .samplingNoise, step: UInt64(t + 1),
                                       freeVisible: freeVisible, visibleField: field, visibleProbabilities: p.baseAddress!)
                }
                if t >= burnIn { for e in 0..<mean.count { mean.storage[e] += probabilities[e] / Float(sweeps) } }
            }
            // Clamped pixels keep their values.
            for e in 0..<mean.count where freeVisible.storage[e] == 0 { mean.storage[e] = corrupted.storage[e] }
            return mean
        }
    }

    /// The share of pixels (free pixels for occlusion, all for flips) whose thresholded reconstruction differs
    /// from `clean`, with its standard error over images.
    public static func errorRate(_ reconstruction: Matrix, clean: Matrix, free: Matrix, corruption: Corruption) -> (rate: Double, standardError: Double) {
        var perImage = [Double]()
        for c in 0..<clean.cols {
            var wrong = 0.0, counted = 0.0
            for i in 0..<clean.rows {
                if case .occlusion = corruption, free[i, c] == 0 { continue }
                counted += 1
                if (reconstruction[i, c] > 0.5) != (clean[i, c] > 0.5) { wrong += 1 }
            }
            if counted > 0 { perImage.append(wrong / counted) }
        }
        let mean = perImage.reduce(0, +) / Double(max(1, perImage.count))
        let variance = perImage.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, perImage.count - 1))
        return (mean, (variance / Double(max(1, perImage.count))).squareRoot())
    }
}
