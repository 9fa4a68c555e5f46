import Datasets
import DenseKernels
import FileFormats
import Foundation
import Optimization

extension DigitClassifier {
    static let magic = Array("NLMDIGIT".utf8)
    static let version: UInt32 = 1

    /// Writes the classifier atomically: "NLMDIGIT", version, inputs, hidden (UInt32 little-endian), the
    /// float32 weights W₁, b₁, W₂, b₂, and the CRC-32 of everything before it.
    public func save(to path: String) throws {
        var bytes = Self.magic
        for v in [Self.version, UInt32(inputs), UInt32(hidden)] { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        for array in [w1.storage, b1, w2.storage, b2] {
            for f in array { withUnsafeBytes(of: f.bitPattern.littleEndian) { bytes += $0 } }
        }
        withUnsafeBytes(of: CRC32.checksum(bytes).littleEndian) { bytes += $0 }
        try AtomicFile.write(bytes, to: path)
    }

    /// Reads a file written by ``save(to:)``; a wrong magic, version, size or checksum is an `InputError`
    /// naming the file.
    public static func load(from path: String) throws -> DigitClassifier {
        let bytes = try FileBytes.read(path: path)
        func u32(_ offset: Int) -> UInt32 {
            UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        }
        guard bytes.count >= 24, Array(bytes[0..<8]) == magic else {
            throw InputError(file: path, place: "bytes 0–7", expected: "a digit classifier file starting with \"NLMDIGIT\"")
        }
        guard u32(8) == version else {
            throw InputError(file: path, place: "byte 8", expected: "version \(version), found \(u32(8))")
        }
        let inputs = Int(u32(12)), hidden = Int(u32(16))
        guard (1...100_000).contains(inputs), (1...100_000).contains(hidden) else {
            throw InputError(file: path, place: "bytes 12–19", expected: "layer sizes from 1 to 100000, found \(inputs) and \(hidden)")
        }
        let floats = hidden * inputs + hidden + classes * hidden + classes
        guard bytes.count == 20 + 4 * floats + 4 else {
            throw InputError(file: path, place: "file size", expected: "\(20 + 4 * floats + 4) bytes for a \(inputs)→\(hidden)→10 classifier, found \(bytes.count)")
        }
        guard CRC32.checksum(bytes[0..<(bytes.count - 4)]) == u32(bytes.count - 4) else {
            throw InputError(file: path, place: "last 4 bytes", expected: "the CRC-32 of the file (the file is corrupt)")
        }
        var values = [Float](repeating: 0, count: floats)
        for k in 0..<floats { values[k] = Float(bitPattern: u32(20 + 4 * k)) }
        var model = DigitClassifier(inputs: inputs, hidden: hidden, seed: 0)
        var o = 0
        func take(_ count: Int) -> [Float] { defer { o += count }; return Array(values[o..<(o + count)]) }
        model.w1 = Matrix(rows: hidden, cols: inputs, storage: take(hidden * inputs))
        model.b1 = take(hidden)
        model.w2 = Matrix(rows: classes, cols: hidden, storage: take(classes * hidden))
        model.b2 = take(classes)
        return model
    }

    /// The classifier cached at `cacheFile` if that file is a valid classifier file; otherwise (absent, corrupt,
    /// older version) one trained on the full MNIST training split in `mnistDirectory` (60 000 images, 6 epochs,
    /// seed 1, ~97% test accuracy) and written there atomically. A replaced invalid cache is logged on stderr
    /// unless `quiet`. Throws the MNIST loader's `InputError` if the data are missing or malformed.
    public static func cached(mnistDirectory: String, cacheFile: String, quiet: Bool = true) throws -> DigitClassifier {
        if FileManager.default.fileExists(atPath: cacheFile) {
            do {
                return try load(from: cacheFile)
            } catch {
                if !quiet { RunProgress.log("classifier cache not usable (\(error)); retraining") }
            }
        }
        let images = try MNIST.load(directory: mnistDirectory, split: .train)
        let model = Self.train(on: images, quiet: quiet)
        let directory = (cacheFile as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        try model.save(to: cacheFile)
        return model
    }
}
