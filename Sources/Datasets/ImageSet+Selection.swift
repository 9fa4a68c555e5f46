import DenseKernels

extension ImageSet {
    /// The images at `indices`, in that order (indices may repeat).
    /// - Complexity: O(indices.count · width · height).
    public func gathering<Indices: Sequence>(_ indices: Indices) -> ImageSet where Indices.Element == Int {
        let n = pixelsPerImage
        var newPixels: [Float] = []
        var newLabels: [Int] = []
        newPixels.reserveCapacity(indices.underestimatedCount * n)
        for i in indices {
            precondition(i >= 0 && i < count, "ImageSet.gathering: index \(i) outside 0..<\(count)")
            newPixels.append(contentsOf: pixels[i * n ..< (i + 1) * n])
            newLabels.append(labels[i])
        }
        return ImageSet(width: width, height: height, pixels: newPixels, labels: newLabels)
    }

    /// The images whose label is in `digits`, keeping their order.
    /// - Complexity: O(count · width · height).
    public func select(digits: [Int]) -> ImageSet {
        let wanted = Set(digits)
        return gathering(labels.indices.filter { wanted.contains(labels[$0]) })
    }

    /// The first `maxCount` images (all of them if there are fewer).
    public func prefix(_ maxCount: Int) -> ImageSet {
        gathering(0 ..< max(0, min(maxCount, count)))
    }

    /// This set followed by `other` (same image size required).
    public func appending(_ other: ImageSet) -> ImageSet {
        precondition(width == other.width && height == other.height,
                     "ImageSet.appending: \(width)x\(height) and \(other.width)x\(other.height) differ")
        return ImageSet(width: width, height: height, pixels: pixels + other.pixels, labels: labels + other.labels)
    }

    /// A uniformly random permutation of `0..<count`, a pure function of `seed`: `RandomStream.permutation`
    /// (Fisher–Yates with Lemire's multiply-shift) on stream `ImageSet.shuffleStream` of `seed`.
    /// - Complexity: O(count).
    public func permutation(seed: UInt64) -> [Int] {
        RandomStream(seed: seed, stream: ImageSet.shuffleStream).permutation(count)
    }

    /// The images in a random order that depends only on `seed` (see `permutation(seed:)`).
    public func shuffled(seed: UInt64) -> ImageSet {
        gathering(permutation(seed: seed))
    }

    /// A random split into a training part and a test part.
    ///
    /// The images are put in the order `permutation(seed:)`; the first `round(testFraction · count)`
    /// become the test set and the rest the training set, both in that shuffled order.
    /// - Parameter testFraction: in [0, 1].
    public func split(testFraction: Double, seed: UInt64) -> (train: ImageSet, test: ImageSet) {
        precondition(testFraction >= 0 && testFraction <= 1, "ImageSet.split: testFraction must be in [0, 1]")
        let order = permutation(seed: seed)
        let testCount = Int((testFraction * Double(count)).rounded())
        return (train: gathering(order[testCount...]), test: gathering(order[..<testCount]))
    }

    /// Philox stream number used by `permutation(seed:)` ("SHUF" in ASCII), so that shuffles do not share
    /// random numbers with other users of the same seed.
    public static let shuffleStream: UInt64 = 0x5348_5546_0000_0000
}
