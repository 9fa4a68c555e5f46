import Foundation

/// How pixel intensities p ∈ [0, 1] become the real-valued states x of a model's visible neurons.
///
/// * `.linear`: x = 2p − 1, so x ∈ [−1, 1]. Its rate, the value to show as a picture, is p = (x + 1)/2.
/// * `.atanh(epsilon:)`: x = atanh(s) with s = clip(2p − 1, −(1 − ε), 1 − ε). The rate of x is tanh(x) = s,
///   so the data's rates equal its (clipped) pixels; shown as p = (tanh(x) + 1)/2. With ε = 0.03 (the NLM
///   paper's later code, `PixelEncoding.nlm`) x ∈ [−2.09, 2.09].
public enum PixelEncoding: Sendable, Equatable {
    case linear
    case atanh(epsilon: Float)

    /// The encoding of the NLM paper's later code: atanh with ε = 0.03.
    public static let nlm = PixelEncoding.atanh(epsilon: 0.03)

    /// The state x for pixel p.
    @inlinable public func encode(_ p: Float) -> Float {
        switch self {
        case .linear:
            return 2 * p - 1
        case .atanh(let epsilon):
            let bound = 1 - epsilon
            return Foundation.atanh(min(max(2 * p - 1, -bound), bound))
        }
    }

    /// The pixel shown for state x: (x + 1)/2 for `.linear`, (tanh(x) + 1)/2 for `.atanh`.
    /// Inverts `encode` exactly (up to rounding) wherever the clip was inactive.
    @inlinable public func decode(_ x: Float) -> Float {
        switch self {
        case .linear:
            return (x + 1) / 2
        case .atanh:
            return (Foundation.tanh(x) + 1) / 2
        }
    }
}

extension ImageSet {
    /// The data matrix a model consumes: N = width · height rows (one per pixel, i.e. visible neuron) by
    /// B = count columns (one per image), flat and row-major: entry (n, b) = encode(pixel n of image b) is
    /// at index `n · count + b`. This is the transpose of the image-major `pixels` layout.
    /// - Complexity: O(N · B), done in cache-friendly tiles.
    public func dataMatrix(encoding: PixelEncoding) -> [Float] {
        let n = pixelsPerImage
        let b = count
        guard n * b > 0 else { return [] }
        return [Float](unsafeUninitializedCapacity: n * b) { out, initialized in
            pixels.withUnsafeBufferPointer { src in
                let tile = 32
                for b0 in stride(from: 0, to: b, by: tile) {
                    let b1 = min(b0 + tile, b)
                    for n0 in stride(from: 0, to: n, by: tile) {
                        let n1 = min(n0 + tile, n)
                        for image in b0 ..< b1 {
                            for pixel in n0 ..< n1 {
                                out[pixel &* b &+ image] = encoding.encode(src[image &* n &+ pixel])
                            }
                        }
                    }
                }
            }
            initialized = n * b
        }
    }

    /// Builds images from a data matrix in the layout of `dataMatrix(encoding:)` (N rows = pixels, B columns
    /// = images), decoding states to pixels with `encoding.decode` (rates). Labels are given or −1.
    public init(dataMatrix: [Float], width: Int, height: Int, encoding: PixelEncoding, labels: [Int]? = nil) {
        let n = width * height
        precondition(n > 0 && dataMatrix.count % n == 0, "ImageSet(dataMatrix:): size is not a multiple of width·height")
        let b = dataMatrix.count / n
        var pixels = [Float](repeating: 0, count: n * b)
        for pixel in 0 ..< n {
            for image in 0 ..< b {
                pixels[image * n + pixel] = encoding.decode(dataMatrix[pixel * b + image])
            }
        }
        self.init(width: width, height: height, pixels: pixels, labels: labels ?? Array(repeating: -1, count: b))
    }
}
