/// A labelled set of equally sized grey-scale images.
///
/// Pixels are intensities in [0, 1] (0 = background, 1 = full ink), stored image after image, each
/// image row-major: pixel `(row, column)` of image `i` is `pixels[i · width · height + row · width + column]`.
/// `labels[i]` is the class of image `i` (the digit, for digit data sets).
///
/// `ImageSet` is a plain value: selections, shuffles and splits return new sets and leave `self` unchanged.
public struct ImageSet: Sendable, Equatable {
    /// Columns per image.
    public let width: Int
    /// Rows per image.
    public let height: Int
    /// All pixels, `count · width · height` values in [0, 1].
    public private(set) var pixels: [Float]
    /// One label per image.
    public private(set) var labels: [Int]

    /// Creates a set from pixels and labels.
    ///
    /// - Precondition: `width, height > 0` and `pixels.count == labels.count · width · height`
    ///   (a programming error, not a data error: readers of files validate before building a set).
    public init(width: Int, height: Int, pixels: [Float], labels: [Int]) {
        precondition(width > 0 && height > 0, "ImageSet: width and height must be positive")
        precondition(pixels.count == labels.count * width * height,
                     "ImageSet: \(pixels.count) pixels for \(labels.count) images of \(width)x\(height)")
        self.width = width
        self.height = height
        self.pixels = pixels
        self.labels = labels
    }

    /// Number of images.
    public var count: Int { labels.count }

    /// Pixels per image, `width · height` (the number of visible neurons a model needs).
    public var pixelsPerImage: Int { width * height }

    /// The pixels of image `index` (a copy), row-major.
    /// - Complexity: O(width · height).
    public func image(_ index: Int) -> [Float] {
        let n = pixelsPerImage
        return Array(pixels[index * n ..< (index + 1) * n])
    }

    /// How many images carry each label, as a dictionary label → count.
    /// - Complexity: O(count).
    public func labelCounts() -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        return counts
    }
}
