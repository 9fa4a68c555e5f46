import Datasets
import FileFormats
import Foundation
import LangevinMachine

/// A network definition file (`Networks/*.json`): model, data, training, sampling, denoising and outputs of
/// one experiment. Every field is validated on reading; errors name the file, the field and what was
/// expected. Missing optional fields take the defaults documented in `Networks/README.md`.
public struct NetworkSpec: Sendable, Equatable {
    public struct Model: Sendable, Equatable {
        public init() {}
        public var gain: Float = 2
        public var bias = true
        /// Initial bias: zero (the paper's code) or the training data's mean membrane value per neuron (the
        /// maximum-likelihood bias of the model with J = 0, as visible biases of RBMs are initialised), which
        /// keeps early chains from settling in the inverted images that a zero bias makes as likely.
        public var biasInit: BiasInit = .zero
        public var learnDiagonal = false
        /// The symmetric-coupling ablation: start from J = (J₀ + J₀ᵀ)/√2 and keep J symmetric after every update.
        public var symmetric = false
    }

    public enum BiasInit: String, Sendable { case zero, dataMean }

    public struct DataSpec: Sendable, Equatable {
        public init() {}
        public enum Source: String, Sendable { case glyphs, mnist }
        public var source: Source = .glyphs
        /// Directory of the MNIST IDX files (raw or .gz), for `source == .mnist`.
        public var path: String = "../shared/data/mnist"
        public var digits: [Int] = [1, 3, 6]
        /// Training images (all selected images when nil, for MNIST).
        public var count: Int? = 1000
        /// Held-out images (MNIST: from the official test split; glyphs: drawn with another seed).
        public var testCount: Int = 200
        public var encoding: PixelEncoding = .atanh(epsilon: 0.03)
        /// Side of the embedded glyphs in pixels (MNIST is always 28).
        public var size: Int = 28
    }

    public struct Sampling: Sendable, Equatable {
        public init() {}
        public var chains = 36
        public var steps = 3000
        public var temperature: Float = 1
        public var dt: Float = 0.01
        /// Steps at which the grid of samples is also saved (the last step always is).
        public var snapshots: [Int] = []
        /// Steps between frames of the saved trajectory of chain 0..<trajectoryChains.
        public var trajectoryEvery = 10
        public var trajectoryChains = 4
        /// Whether sampling keeps the Onsager feedback φ′(x) ⊙ Jᵀr (false: the plain noisy rate network).
        public var onsager = true
    }

    public struct Denoising: Sendable, Equatable {
        public init() {}
        public enum Mode: String, Sendable { case flip, noise }
        public var fractions: [Float] = [0.1, 0.2, 0.3]
        public var mode: Mode = .flip
        public var temperature: Float = 0.05
        public var dt: Float = 0.01
        public var steps = 500
        public var images = 100
    }

    public var name: String
    public var description: String = ""
    public var neurons: Int
    public var model = Model()
    public var data = DataSpec()
    public var training = TrainingConfiguration()
    public var epochs = 10
    /// Learning-rate schedule: the rate of epoch e (from 0) is learningRate · learningRateDecay^e.
    public var learningRateDecay: Float = 1
    public var checkpointEvery = 5
    public var sampling = Sampling()
    public var denoising = Denoising()
    public var seed: UInt64 = 1
    public var outputDirectory: String

    /// The file this spec was read from ("" for specs built in code).
    public var file: String = ""

    /// A spec with every optional field at its default.
    public init(name: String, neurons: Int, outputDirectory: String) {
        self.name = name
        self.neurons = neurons
        self.outputDirectory = outputDirectory
    }
}

extension NetworkSpec {
    /// Reads and validates a network file.
    public static func read(path: String) throws -> NetworkSpec {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, place: "file", expected: "a readable network file (it does not exist or cannot be read)")
        }
        return try decode(bytes, file: path)
    }

    public static func decode(_ bytes: Data, file: String) throws -> NetworkSpec {
        var root = try FieldReader.parse(bytes, file: file)
        let family = try root.string("family", "nlm", oneOf: ["nlm"])
        _ = family
        let name = try root.string("name")
        let neurons = try root.int("neurons", 784, in: 1...(NoiseStreams.maxNeurons - 1))
        var spec = NetworkSpec(name: name, neurons: neurons, outputDirectory: "runs/\(name)")
        spec.file = file
        spec.description = try root.string("description", "")
        spec.seed = UInt64(try root.int("seed", 1, in: 0...Int(Int32.max)))

        var model = try root.object("model")
        spec.model.gain = try model.float("gain", 2, in: 0...100, "a coupling gain g from 0 to 100")
        spec.model.bias = try model.bool("bias", true)
        spec.model.biasInit = NetworkSpec.BiasInit(rawValue: try model.string("biasInit", "zero", oneOf: ["zero", "dataMean"]))!
        spec.model.learnDiagonal = try model.bool("learnDiagonal", false)
        spec.model.symmetric = try model.bool("symmetric", false)
        try model.rejectUnknownKeys()

        var data = try root.object("data")
        guard let source = NetworkSpec.DataSpec.Source(rawValue: try data.string("source", "glyphs", oneOf: ["glyphs", "mnist"])) else {
            throw InputError(file: file, place: "data.source", expected: "\"glyphs\" or \"mnist\"")
        }
        spec.data.source = source
        spec.data.path = try data.string("path", spec.data.path)
        spec.data.digits = try data.ints("digits", [1, 3, 6], in: 0...9)
        if spec.data.digits.isEmpty { throw InputError(file: file, place: "data.digits", expected: "at least one digit") }
        spec.data.count = data.has("count") ? try data.int("count", in: 1...10_000_000) : (source == .glyphs ? 1000 : nil)
        spec.data.testCount = try data.int("testCount", 200, in: 0...10_000_000)
        spec.data.size = try data.int("size", 28, in: 8...256)
        if source == .mnist && spec.data.size != 28 {
            throw InputError(file: file, place: "data.size", expected: "28 for MNIST (only glyphs can be drawn at other sizes)")
        }
        switch try data.string("encoding", "atanh", oneOf: ["atanh", "linear"]) {
        case "linear": spec.data.encoding = .linear
        default: spec.data.encoding = .atanh(epsilon: try data.float("epsilon", 0.03, in: 1e-6...0.5, "a clip ε from 1e-6 to 0.5"))
        }
        try data.rejectUnknownKeys()

        var training = try root.object("training")
        spec.training.temperature = try training.positive("temperature", 1)
        spec.training.dt = try training.float("dt", 0.01, in: 1e-6...1, "a time step dt from 1e-6 to 1")
        spec.training.chainSteps = try training.int("chainSteps", 10, in: 1...100_000)
        spec.training.batchSize = try training.int("batchSize", 100, in: 1...1_000_000)
        spec.training.learnDiagonal = spec.model.learnDiagonal
        spec.training.symmetricCouplings = spec.model.symmetric
        spec.training.seed = spec.seed
        spec.epochs = try training.int("epochs", 10, in: 0...10_000_000)
        spec.checkpointEvery = try training.int("checkpointEvery", 5, in: 0...10_000_000)
        spec.learningRateDecay = try training.float("learningRateDecay", 1, in: 0.5...1, "a per-epoch learning-rate factor from 0.5 to 1")
        var optimizer = try training.object("optimizer")
        let kind = try optimizer.string("kind", "descent", oneOf: ["descent", "adam", "exponentiatedGradient"])
        let rate = try optimizer.float("learningRate", kind == "adam" ? 5e-5 : 5e-4, in: 1e-12...100, "a learning rate from 1e-12 to 100")
        if kind == "adam" {
            spec.training.optimizer = .adam(learningRate: rate,
                                            weightDecay: try optimizer.float("weightDecay", 5e-7, in: 0...1, "a weight decay from 0 to 1"),
                                            beta1: try optimizer.float("beta1", 0.9, in: 0...0.999999, "β₁ in [0, 1)"),
                                            beta2: try optimizer.float("beta2", 0.999, in: 0...0.999999, "β₂ in [0, 1)"),
                                            epsilon: try optimizer.float("epsilon", 1e-8, in: 1e-20...1, "ε from 1e-20 to 1"))
        } else if kind == "exponentiatedGradient" {
            spec.training.optimizer = .exponentiatedGradient(learningRate: rate,
                                                             weightDecay: try optimizer.float("weightDecay", 0, in: 0...1, "a weight decay from 0 to 1"))
        } else {
            spec.training.optimizer = .gradientDescent(learningRate: rate,
                                                       decay: try optimizer.float("decay", 2e-6, in: 0...1, "a decay λ from 0 to 1"))
        }
        try optimizer.rejectUnknownKeys()
        try training.rejectUnknownKeys()

        var sampling = try root.object("sampling")
        spec.sampling.chains = try sampling.int("chains", 36, in: 1...100_000)
        spec.sampling.steps = try sampling.int("steps", 3000, in: 0...100_000_000)
        spec.sampling.temperature = try sampling.float("temperature", 1, in: 0...1000, "a temperature from 0 to 1000")
        spec.sampling.dt = try sampling.float("dt", spec.training.dt, in: 1e-6...1, "a time step dt from 1e-6 to 1")
        spec.sampling.snapshots = try sampling.ints("snapshots", [], in: 0...100_000_000)
        spec.sampling.trajectoryEvery = try sampling.int("trajectoryEvery", 10, in: 1...100_000_000)
        spec.sampling.trajectoryChains = try sampling.int("trajectoryChains", 4, in: 0...100_000)
        spec.sampling.onsager = try sampling.bool("onsager", true)
        try sampling.rejectUnknownKeys()

        var denoising = try root.object("denoising")
        spec.denoising.fractions = try denoising.floats("fractions", [0.1, 0.2, 0.3], in: 0...1)
        guard let mode = NetworkSpec.Denoising.Mode(rawValue: try denoising.string("mode", "flip", oneOf: ["flip", "noise"])) else {
            throw InputError(file: file, place: "denoising.mode", expected: "\"flip\" or \"noise\"")
        }
        spec.denoising.mode = mode
        spec.denoising.temperature = try denoising.float("temperature", 0.05, in: 0...1000, "a temperature from 0 to 1000")
        spec.denoising.dt = try denoising.float("dt", spec.training.dt, in: 1e-6...1, "a time step dt from 1e-6 to 1")
        spec.denoising.steps = try denoising.int("steps", 500, in: 0...100_000_000)
        spec.denoising.images = try denoising.int("images", 100, in: 1...1_000_000)
        try denoising.rejectUnknownKeys()

        spec.outputDirectory = try root.outputDirectory(spec.outputDirectory)
        try root.rejectUnknownKeys()

        // The images are held as Float: refuse sets beyond 2^31 pixel values (8 GB) before allocating them.
        let pixels = spec.data.size * spec.data.size, maximumValues = 1 << 31
        if let count = spec.data.count, count > maximumValues / pixels {
            throw InputError(file: file, place: "data.count",
                             expected: "at most \(maximumValues / pixels) images of \(spec.data.size)×\(spec.data.size) pixels (2^31 pixel values in memory), found \(count)")
        }
        if let count = spec.data.count, spec.training.batchSize > count {
            throw InputError(file: file, place: "training.batchSize",
                             expected: "at most data.count (\(count)) samples, found \(spec.training.batchSize)")
        }
        return spec
    }
}
