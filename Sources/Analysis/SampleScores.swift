import DenseKernels
import Foundation

/// What a digit classifier says about a set of generated images (pixels in [0, 1], one per row): how many
/// are recognisable digits, how the classes are balanced, and how far their features are from real images'
/// (the FID idea of Heusel et al. 2017 with our own MNIST classifier instead of Inception).
public struct SampleScores: Sendable {
    /// Share of samples whose most probable class has probability ≥ 0.9.
    public var recognisability: Double
    /// Share of samples assigned to each class 0…9 (by the most probable class).
    public var classShares: [Double]
    /// Entropy of `classShares` in bits over the classes that the reference set contains, divided by its
    /// maximum log₂(#classes): 1 = perfectly balanced, 0 = one class only.
    public var balance: Double
    /// Entropy of `classShares` in bits over all 10 classes, H = −Σ_k s_k log₂ s_k (0 … log₂ 10 ≈ 3.32).
    public var balanceEntropy: Double {
        classShares.reduce(0.0) { $1 > 0 ? $0 - $1 * log2($1) : $0 }
    }
    /// Fréchet distance between the classifier's hidden features of the samples and of the reference images.
    /// It has a finite-sample floor: with the cached classifier, two disjoint halves of the MNIST test set
    /// (5000 images each) score ≈ 16.4, and those images with Gaussian pixel noise σ = 0.3 (clipped) ≈ 54;
    /// compare sets of equal size against the floor for that size.
    public var frechetDistance: Double

    /// Scores `samples` (pixels in [0, 1], one image per row; convert NLM rates with
    /// ``PixelScale/pixels(fromRates:)``) against `reference` images (pixels, e.g. held-out data): classes by the
    /// most probable class of `classifier`, the Fréchet distance ``FrechetDistance/between(_:_:)`` between
    /// `classifier.features` of both sets (H-dimensional hidden layer; needs ≥ 2 rows each).
    /// - Complexity: two forward passes and an FD of H × H covariances (H = 128: milliseconds).
    public static func evaluate(samples: Matrix, classifier: DigitClassifier, reference: Matrix) throws -> SampleScores {
        let p = classifier.probabilities(samples)
        var shares = [Double](repeating: 0, count: DigitClassifier.classes)
        var confident = 0
        for r in 0..<p.rows {
            let best = (0..<DigitClassifier.classes).max { p[r, $0] < p[r, $1] }!
            shares[best] += 1
            if p[r, best] >= 0.9 { confident += 1 }
        }
        shares = shares.map { $0 / Double(max(p.rows, 1)) }
        let present = Set(classifier.predict(reference))
        let entropy = present.reduce(0.0) { s, k in shares[k] > 0 ? s - shares[k] * log2(shares[k]) : s }
        let balance = present.count > 1 ? entropy / log2(Double(present.count)) : 1
        let fd = try FrechetDistance.between(classifier.features(samples), classifier.features(reference))
        return SampleScores(recognisability: Double(confident) / Double(max(p.rows, 1)), classShares: shares,
                            balance: balance, frechetDistance: fd)
    }
}
