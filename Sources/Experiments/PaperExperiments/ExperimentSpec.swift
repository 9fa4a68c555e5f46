import FileFormats
import Foundation

/// An experiment of the NLM paper as a file under `Networks/experiments/`: the network recipe it trains
/// (a network file plus field settings) and the experiment's own sweep.
public struct ExperimentSpec: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case memorisation, age, temperature, oneSample = "one-sample", denoising, exploration
    }

    public var file: String
    public var kind: Kind
    public var description: String
    /// The network recipe: the file and the fields this experiment sets in it.
    public var network: String
    public var settings: [(path: String, value: JSONValue)]
    public var seed: UInt64
    /// memorisation: training-set sizes, runs per size, learning updates per run, largest batch.
    public var sizes: [Int] = []
    public var runs = 1
    public var updates = 1000
    public var maxBatch = 100
    /// age: update counts ("training ages") at which the model is sampled and measured.
    public var ages: [Int] = []
    /// temperature: sampling temperatures.
    public var temperatures: [Float] = []
    /// denoising: corruption levels (fraction of flipped pixels / noise level).
    public var levels: [Float] = []
    /// exploration: trajectory length and frame interval, in steps.
    public var steps = 20_000
    public var every = 50
    /// Where the MNIST digit classifier is cached (trained on first use when MNIST is available).
    public var classifier: String
    public var outputDirectory: String

    public static func read(path: String) throws -> ExperimentSpec {
        try decode(Data(try FileBytes.read(path: path)), file: path)
    }

    public static func decode(_ bytes: Data, file: String) throws -> ExperimentSpec {
        var root = try FieldReader.parse(bytes, file: file)
        _ = try root.string("family", "experiment", oneOf: ["experiment"])
        let kind = Kind(rawValue: try root.string("experiment", oneOf: Kind.allCases.map(\.rawValue)))!
        let network = try root.string("network")
        var spec = ExperimentSpec(file: file, kind: kind, description: try root.string("description", ""), network: network,
                                  settings: try HypothesisSpec.settings(&root, "set", file: file),
                                  seed: UInt64(try root.int("seed", 1, in: 0...Int(Int32.max))),
                                  classifier: try root.string("classifier", "runs/mnist-classifier.nlmdigit"), outputDirectory: "")
        switch kind {
        case .memorisation:
            spec.sizes = try root.ints("sizes", nil, in: 1...1_000_000)
            spec.runs = try root.int("runs", 2, in: 1...1000)
            spec.updates = try root.int("updates", 1000, in: 1...10_000_000)
            spec.maxBatch = try root.int("maxBatch", 100, in: 1...100_000)
        case .age:
            spec.ages = try root.ints("ages", nil, in: 1...100_000_000)
        case .temperature:
            spec.temperatures = try root.floats("temperatures", nil, in: 0...100)
        case .denoising:
            spec.levels = try root.floats("levels", nil, in: 0...1)
        case .exploration:
            spec.steps = try root.int("steps", 20_000, in: 1...100_000_000)
            spec.every = try root.int("every", 50, in: 1...1_000_000)
        case .oneSample:
            spec.updates = try root.int("updates", 1000, in: 1...10_000_000)
        }
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        spec.outputDirectory = try root.outputDirectory("runs/experiment-\(name)")
        try root.rejectUnknownKeys()
        return spec
    }

    /// The network to train, with this experiment's settings and `extra` ones applied and the given seed.
    func networkSpec(seed: UInt64? = nil, _ extra: [(path: String, value: JSONValue)] = []) throws -> NetworkSpec {
        var spec = try NetworkPatch.apply(settings + extra, to: NetworkPatch.resolve(network, relativeTo: file),
                                          seed: seed ?? self.seed, from: file)
        spec.outputDirectory = outputDirectory
        return spec
    }
}
