import Datasets
import DenseKernels
import FileFormats
import Foundation

/// The training and held-out images of an experiment, and their encoding as membrane values.
public struct ExperimentData: Sendable {
    public var train: ImageSet
    public var test: ImageSet
    public var encoding: PixelEncoding

    /// Loads what `spec.data` names. Relative MNIST paths are tried against the current directory first and
    /// then against the network file's directory and its parent (so `../shared/data/mnist` works both from the
    /// repository root and from `Networks/`). `dataPath` overrides the file's path.
    public static func load(_ spec: NetworkSpec, dataPath: String? = nil) throws -> ExperimentData {
        let d = spec.data
        var train: ImageSet, test: ImageSet
        switch d.source {
        case .glyphs:
            let count = d.count ?? 1000
            // Held-out glyphs are drawn with a different seed, so no held-out image is a training image.
            train = DigitGlyphs.generate(count: count, digits: d.digits, seed: spec.seed, size: d.size)
            test = DigitGlyphs.generate(count: d.testCount, digits: d.digits, seed: spec.seed &+ 0x9E37_79B9, size: d.size)
        case .mnist:
            let directory = try resolve(dataPath ?? d.path, relativeTo: spec.file)
            // The paper joins the official train and test sets; we keep the official test split held out.
            let all = try MNIST.load(directory: directory, split: .train, digits: d.digits)
            train = d.count.map { all.shuffled(seed: spec.seed).prefix($0) } ?? all
            if let count = d.count, count > all.count {
                throw InputError(file: spec.file, place: "data.count",
                                 expected: "at most \(all.count) images of digits \(d.digits) in \(directory), found \(count)")
            }
            test = try MNIST.load(directory: directory, split: .test, digits: d.digits).shuffled(seed: spec.seed).prefix(d.testCount)
        }
        guard train.pixelsPerImage == spec.neurons else {
            throw InputError(file: spec.file, place: "neurons",
                             expected: "\(train.pixelsPerImage) (one neuron per pixel of the \(train.width)×\(train.height) images), found \(spec.neurons)")
        }
        guard spec.training.batchSize <= train.count else {
            throw InputError(file: spec.file, place: "training.batchSize",
                             expected: "at most the \(train.count) training images, found \(spec.training.batchSize)")
        }
        return ExperimentData(train: train, test: test, encoding: d.encoding)
    }

    static func resolve(_ path: String, relativeTo file: String) throws -> String {
        if path.hasPrefix("/") { return path }
        let fm = FileManager.default
        let fileDirectory = (file as NSString).deletingLastPathComponent
        let candidates = [path, (fileDirectory as NSString).appendingPathComponent(path),
                          ((fileDirectory as NSString).appendingPathComponent("..") as NSString).appendingPathComponent(path)]
        for candidate in candidates where fm.fileExists(atPath: candidate) { return candidate }
        throw InputError(file: file.isEmpty ? path : file, place: "data.path",
                         expected: "a directory with the MNIST IDX files; tried \(candidates.joined(separator: ", "))")
    }

    /// Images as membrane values, one sample per row (M × N), ready for ``Trainer``.
    public static func encode(_ images: ImageSet, _ encoding: PixelEncoding) -> Matrix {
        Matrix(rows: images.count, cols: images.pixelsPerImage, storage: images.pixels.map { encoding.encode($0) })
    }

    /// Pixels shown for a state x: the rate φ(x) = tanh(x) mapped from [−1, 1] to [0, 1] (the paper shows rates).
    public static func displayPixel(_ x: Float) -> Float {
        (Foundation.tanh(x) + 1) / 2
    }
}
