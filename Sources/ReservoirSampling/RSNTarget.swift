import Analysis
import Datasets
import DenseKernels
import Foundation

/// Images seen through their leading principal components: the target of an RSN trained on MNIST. Each
/// coordinate is a principal-component score divided by its standard deviation (whitened, so that unit-scale
/// noise levels σ = 1 … 0.05 suit every coordinate alike); `images(_:)` undoes the scaling and the projection.
public struct ProjectedImages: Sendable {
    public let components: PrincipalComponents
    /// √(variance) of each component: whitened score = score / scale.
    public let scale: [Float]
    /// Whitened scores of the training images (n × k) and of held-out test images (m × k).
    public let training: Matrix
    public let heldOut: Matrix
    public let width: Int, height: Int

    /// Loads MNIST from `directory` (the digits given, at most `images` training images), fits `count`
    /// principal components on the training images (pixels in [0, 1]) and whitens both splits.
    public init(mnist directory: String, digits: [Int]?, images: Int, components count: Int) throws {
        let train = try MNIST.load(directory: directory, split: .train, digits: digits, limit: images)
        let test = try MNIST.load(directory: directory, split: .test, digits: digits)
        func matrix(_ set: ImageSet) -> Matrix { Matrix(rows: set.count, cols: set.pixelsPerImage, storage: set.pixels) }
        let pca = try PrincipalComponents(data: matrix(train), components: count)
        let deviations = pca.variances.map { Float(max($0, 1e-12).squareRoot()) }
        func whiten(_ m: Matrix) -> Matrix {
            var p = pca.project(m)
            for r in 0..<p.rows { for c in 0..<count { p.storage[r * count + c] /= deviations[c] } }
            return p
        }
        components = pca
        scale = deviations
        training = whiten(matrix(train))
        heldOut = whiten(matrix(test))
        width = train.width
        height = train.height
    }

    /// Pixels (in [0, 1] before clipping) of whitened samples: μ + (x ∘ scale)V.
    public func images(_ samples: Matrix) -> [[Float]] {
        var scores = samples
        let k = scale.count
        for r in 0..<scores.rows { for c in 0..<k { scores.storage[r * k + c] *= scale[c] } }
        let pixels = components.reconstruct(scores)
        return (0..<pixels.rows).map { r in Array(pixels.storage[(r * pixels.cols)..<((r + 1) * pixels.cols)]) }
    }
}

/// What an RSN run samples: a built-in analytic target, or images projected on principal components.
public enum RSNTarget: Sendable {
    case analytic(TargetDistribution)
    case projected(ProjectedImages)

    public var name: String {
        switch self {
        case .analytic(let t): return t.rawValue
        case .projected(let p): return "mnist-pca (k = \(p.scale.count))"
        }
    }

    public var dimension: Int {
        switch self {
        case .analytic(let t): return t.dimension
        case .projected(let p): return p.scale.count
        }
    }

    /// `count` training samples for stream `seed`: exact draws of an analytic target, or training images drawn
    /// uniformly with replacement.
    public func sample(_ count: Int, seed: UInt64) -> Matrix {
        switch self {
        case .analytic(let t): return t.sample(count, seed: seed)
        case .projected(let p): return Self.rows(of: p.training, count: count, seed: seed)
        }
    }

    /// `count` samples to compare the sampler with, independent of the training draws: fresh exact draws, or
    /// held-out test images (drawn without replacement when there are enough).
    public func reference(_ count: Int, seed: UInt64) -> Matrix {
        switch self {
        case .analytic(let t): return t.sample(count, seed: seed)
        case .projected(let p):
            guard count <= p.heldOut.rows else { return Self.rows(of: p.heldOut, count: count, seed: seed) }
            let order = RandomStream(seed: seed, stream: 0x5245_4631).permutation(p.heldOut.rows)
            return Self.gather(p.heldOut, Array(order.prefix(count)))
        }
    }

    static func rows(of m: Matrix, count: Int, seed: UInt64) -> Matrix {
        let s = RandomStream(seed: seed, stream: 0x524F_5753)
        return gather(m, (0..<count).map { s.index(UInt64($0), below: m.rows) })
    }

    static func gather(_ m: Matrix, _ indices: [Int]) -> Matrix {
        var out = Matrix(rows: indices.count, cols: m.cols)
        for (r, i) in indices.enumerated() { for c in 0..<m.cols { out[r, c] = m[i, c] } }
        return out
    }
}
