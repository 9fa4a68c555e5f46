import DenseKernels
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

/// Reconstruction of corrupted binary images by clamped mean-field inference.
///
/// Occlusion: the known pixels are clamped, the hidden rates start at their posterior given the image with the
/// block erased to 0, and `sweeps` mean-field sweeps relax hidden units and missing pixels jointly
/// (μᵢ = σ(uᵢ), Gauss–Seidel by layer). Flips: nothing can be clamped (the damaged pixels are unknown), so
/// the reconstruction is one up–down pass, v̂ = σ(W_vh μ(v_corrupt) + b_v) — our choice, the usual
/// denoising read-out of an RBM. The pixel error rate counts thresholded (v̂ > ½) pixels that differ from
/// the clean image: over the erased pixels for occlusion, over all pixels for flips.
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

    /// The reconstructed visible probabilities (nv × B).
    public static func reconstruct(_ model: BoltzmannMachine, corrupted: Matrix, free: Matrix, corruption: Corruption,
                                   sweeps: Int, posteriorSweeps: Int) -> Matrix {
        var x = MeanField.posterior(model, visible: corrupted, sweeps: posteriorSweeps)
        switch corruption {
        case .occlusion:
            MeanField.relax(model, states: &x, sweeps: sweeps, freeVisible: free)
        case .flips:
            let all = Matrix(rows: free.rows, cols: free.cols, repeating: 1)
            MeanField.relax(model, states: &x, sweeps: 1, freeVisible: all)
        }
        return Matrix(rows: corrupted.rows, cols: corrupted.cols, storage: Array(x.storage[0..<corrupted.count]))
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
