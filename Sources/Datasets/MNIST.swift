import FileFormats
import Foundation

/// The MNIST handwritten digits (LeCun, Cortes & Burges), read from the four IDX files of the original
/// distribution: `train-images-idx3-ubyte`, `train-labels-idx1-ubyte` (60 000 images) and
/// `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte` (10 000 images), each either raw or gzip-compressed
/// with `.gz` appended. Pixels become p = byte / 255 ∈ [0, 1]; labels are the digits 0–9.
public enum MNIST {
    /// Which half of MNIST to read.
    public enum Split: String, Sendable, CaseIterable {
        case train
        case test

        /// The file-name prefix of the split: "train" or "t10k".
        public var filePrefix: String { self == .train ? "train" : "t10k" }
        /// The image file's name without `.gz`.
        public var imagesFileName: String { "\(filePrefix)-images-idx3-ubyte" }
        /// The label file's name without `.gz`.
        public var labelsFileName: String { "\(filePrefix)-labels-idx1-ubyte" }
    }

    /// Side of an MNIST image, pixels.
    public static let side = 28

    /// Reads one split of MNIST from `directory`.
    ///
    /// For each of the two files the raw name is used if it exists, else the name with `.gz`.
    /// - Parameters:
    ///   - digits: keep only images of these digits (all if nil), in file order.
    ///   - limit: keep at most this many images (after the digit selection).
    /// - Throws: `InputError` naming the directory if it is missing, or the file and field if a file is
    ///   missing or malformed: images not n × 28 × 28 bytes, labels not n bytes, image and label counts
    ///   that differ, or a label outside 0–9 (with its byte offset). Errors of the IDX reader pass through.
    /// - Complexity: O(file size) to read, O(kept images · 784) to convert.
    public static func load(directory: String, split: Split, digits: [Int]? = nil, limit: Int? = nil) throws -> ImageSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(file: directory, place: "directory",
                             expected: "an existing directory holding \(split.imagesFileName) and \(split.labelsFileName) (raw or .gz)")
        }
        let imagesPath = try locate(split.imagesFileName, in: directory)
        let labelsPath = try locate(split.labelsFileName, in: directory)

        let labelArray = try IDX.read(path: labelsPath)
        guard labelArray.shape.count == 1 else {
            throw InputError(file: labelsPath, place: "dimensions",
                             expected: "1 dimension (one label per image), found shape \(labelArray.shape)")
        }
        let imageArray = try IDX.read(path: imagesPath)
        guard imageArray.shape.count == 3, imageArray.shape[1] == side, imageArray.shape[2] == side else {
            throw InputError(file: imagesPath, place: "dimensions",
                             expected: "3 dimensions n × \(side) × \(side), found shape \(imageArray.shape)")
        }
        let count = imageArray.shape[0]
        guard labelArray.shape[0] == count else {
            throw InputError(file: labelsPath, place: "item count",
                             expected: "\(count) labels, one per image of \(imagesPath), found \(labelArray.shape[0])")
        }
        let labelBytes = try labelArray.uint8Values()
        guard labelBytes.count == count else {
            throw InputError(file: labelsPath, place: "data", expected: "\(count) label bytes, found \(labelBytes.count)")
        }
        if let bad = labelBytes.firstIndex(where: { $0 > 9 }) {
            throw InputError(file: labelsPath, place: "byte \(8 + bad) (label \(bad))",
                             expected: "a digit 0–9, found \(labelBytes[bad])")
        }
        let pixelsPerImage = side * side
        let imageBytes = try imageArray.uint8Values()
        guard imageBytes.count == count * pixelsPerImage else {
            throw InputError(file: imagesPath, place: "data",
                             expected: "\(count * pixelsPerImage) pixel bytes, found \(imageBytes.count)")
        }

        let wanted = Set(digits ?? Array(0 ... 9))
        var kept = (0 ..< count).lazy.filter { wanted.contains(Int(labelBytes[$0])) }.map { $0 } as [Int]
        if let limit { kept = Array(kept.prefix(max(0, limit))) }
        var pixels = [Float](repeating: 0, count: kept.count * pixelsPerImage)
        pixels.withUnsafeMutableBufferPointer { out in
            imageBytes.withUnsafeBufferPointer { bytes in
                for (row, image) in kept.enumerated() {
                    let source = image * pixelsPerImage, target = row * pixelsPerImage
                    for k in 0 ..< pixelsPerImage { out[target &+ k] = Float(bytes[source &+ k]) / 255 }
                }
            }
        }
        return ImageSet(width: side, height: side, pixels: pixels, labels: kept.map { Int(labelBytes[$0]) })
    }

    /// The training set followed by the test set (70 000 images), as the NLM paper uses MNIST.
    /// `digits` selects before joining; `limit` keeps the first images of the joined set.
    public static func loadJoined(directory: String, digits: [Int]? = nil, limit: Int? = nil) throws -> ImageSet {
        let train = try load(directory: directory, split: .train, digits: digits, limit: limit)
        if let limit, train.count >= limit { return train }
        let rest = limit.map { $0 - train.count }
        return train.appending(try load(directory: directory, split: .test, digits: digits, limit: rest))
    }

    /// `directory/name` if that file exists, else `directory/name.gz` if that exists.
    private static func locate(_ name: String, in directory: String) throws -> String {
        let raw = (directory as NSString).appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: raw) { return raw }
        if FileManager.default.fileExists(atPath: raw + ".gz") { return raw + ".gz" }
        throw InputError(file: raw, place: "file", expected: "the MNIST file \(name) or \(name).gz to exist")
    }
}
