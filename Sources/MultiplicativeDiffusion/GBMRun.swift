import DenseKernels
import FileFormats
import Foundation
import Optimization

/// `nlm run Networks/gbm-*.json`: the multiplicative (GBM) diffusion model of Shetty, Prasath & Seelamantula.
/// A file's `"experiment"` selects what runs:
/// - `"mixture"`: exact scores of a log-normal mixture, both reverse samplers, recovery numbers, the ambient
///   sampler's sign-violation rate against the number of steps, the event-driven circuit (``GBMMixtureRun``);
/// - `"images"`: MNIST shifted to [1, 2], a learned score network, samples and their analysis (``GBMImageRun``);
/// - `"daleWeights"`: the Dale's-law hypothesis, log|w| after multiplicative vs additive training (``DaleWeightsRun``).
/// Each writes `summary.md` (and pictures) in the output directory and returns that path.
public enum GBMRun {
    public static let family = "gbm"

    public enum Experiment: String, CaseIterable, Sendable { case mixture, images, daleWeights }

    struct Settings {
        var name = "", description = "", experiment = Experiment.mixture, seed: UInt64 = 1, output = ""
        var process = GeometricBrownianMotion.paper, horizon: Float = 1
        // mixture
        var target = LogNormalMixture.logNormal(logMean: 0.2, logStd: 0.15)
        var chains = 20_000, schedule = ReverseSchedule(levels: 1000), stepSweep: [Int] = [], start = "exact"
        var circuitChains = 200
        // images
        var dataDirectory = "", digits: [Int]? = nil, limit = 60_000, classifier = "runs/mnist-classifier.nlmdigit"
        var hidden = [1024, 1024], timeFeatures = 32, gaussianSkip = false
        var steps = 10_000, batchSize = 128, learningRate: Float = 1e-3, finalFraction: Float = 0.1, optimizer = "adam"
        var weighting = MultiplicativeScoreMatching.Weighting.hyvarinen, trainingLevels = 1000
        var samples = 100
        /// Further named schedules sampled from the same trained network (each with both samplers).
        var extraSchedules: [(name: String, schedule: ReverseSchedule)] = []
        // daleWeights
        var groups = 10, copies = 100, jitter: Float = 0.5, labelNoise: Float = 0.1
        var egLearningRate: Float = 0.05, gdLearningRate: Float = 0.0005, repetitions = 5, alpha = 0.05
    }

    /// Reads and validates a GBM network file without running it (errors name the file and the field).
    public static func validate(file: String) throws { _ = try read(file) }

    static func read(_ file: String) throws -> Settings {
        var root = try FieldReader.parse(Data(try FileBytes.read(path: file)), file: file)
        var s = Settings()
        _ = try root.string("family", "gbm", oneOf: ["gbm"])
        s.name = try root.string("name", ((file as NSString).lastPathComponent as NSString).deletingPathExtension)
        s.description = try root.string("description", "")
        s.experiment = Experiment(rawValue: try root.string("experiment", oneOf: Experiment.allCases.map(\.rawValue)))!
        s.seed = UInt64(try root.int("seed", 1, in: 0...Int(Int32.max)))
        var process = try root.object("process")
        let sigma = try process.float("volatility", 0.8, in: 1e-4...10, "a volatility σ from 1e-4 to 10")
        let mu = try process.float("drift", sigma * sigma / 2, in: -10...10, "a drift μ from −10 to 10")
        s.process = GeometricBrownianMotion(drift: mu, volatility: sigma)
        s.horizon = try process.float("horizon", 1, in: 1e-4...100, "a horizon T from 1e-4 to 100")
        try process.rejectUnknownKeys()
        s.output = try root.outputDirectory("runs/\(s.name)")
        switch s.experiment {
        case .mixture: try readMixture(&root, &s, file: file)
        case .images: try readImages(&root, &s)
        case .daleWeights: try readDale(&root, &s)
        }
        try root.rejectUnknownKeys()
        return s
    }

    static func readSchedule(_ r: inout FieldReader, levels: Int, horizon: Float) throws -> ReverseSchedule {
        let n = try r.int("levels", levels, in: 1...1_000_000)
        let step: Float? = r.has("stepSize") ? try r.float("stepSize", in: 1e-9...10, "a step size δ from 1e-9 to 10") : nil
        return ReverseSchedule(levels: n, horizon: horizon, stepSize: step, repeats: try r.int("repeats", 1, in: 1...1000),
                               annealing: try r.float("annealing", 1, in: 0.5...1, "an annealing factor from 0.5 to 1"),
                               refinementSteps: try r.int("refinementSteps", 0, in: 0...100_000))
    }

    static func readMixture(_ root: inout FieldReader, _ s: inout Settings, file: String) throws {
        var target = try root.object("target", optional: false)
        let weights = try target.floats("weights", in: 1e-6...1e6)
        let means = try target.floats("logMeans", in: -20...20)
        let stds = try target.floats("logStds", in: 1e-4...10)
        guard !weights.isEmpty, weights.count == means.count, weights.count == stds.count else {
            throw InputError(file: file, place: "target", expected: "weights, logMeans and logStds of equal, non-zero length (found \(weights.count), \(means.count), \(stds.count))")
        }
        try target.rejectUnknownKeys()
        s.target = LogNormalMixture((0..<weights.count).map { .init(weight: Double(weights[$0]), logMean: Double(means[$0]), logStd: Double(stds[$0])) })
        var sampling = try root.object("sampling")
        s.chains = try sampling.int("chains", 20_000, in: 10...10_000_000)
        s.schedule = try readSchedule(&sampling, levels: 1000, horizon: s.horizon)
        s.start = try sampling.string("start", "exact", oneOf: ["exact", "fitted"])
        s.stepSweep = try sampling.ints("violationSweep", [5, 10, 20, 50, 100, 200], in: 1...1_000_000)
        s.circuitChains = try sampling.int("circuitChains", 200, in: 0...1_000_000)
        try sampling.rejectUnknownKeys()
    }

    static func readImages(_ root: inout FieldReader, _ s: inout Settings) throws {
        var data = try root.object("data", optional: false)
        s.dataDirectory = try data.string("directory")
        s.digits = data.has("digits") ? try data.ints("digits", in: 0...9) : nil
        s.limit = try data.int("limit", 60_000, in: 10...60_000)
        s.classifier = try data.string("classifier", "runs/mnist-classifier.nlmdigit")
        try data.rejectUnknownKeys()
        var network = try root.object("network")
        s.hidden = try network.ints("hidden", [1024, 1024], in: 1...16_384)
        s.timeFeatures = try network.int("timeFeatures", 32, in: 0...1024)
        if s.timeFeatures % 2 != 0 { throw network.error("timeFeatures", "an even number of time features", found: NSNumber(value: s.timeFeatures)) }
        s.gaussianSkip = try network.bool("gaussianSkip", false)
        try network.rejectUnknownKeys()
        var training = try root.object("training")
        s.steps = try training.int("steps", 10_000, in: 1...100_000_000)
        s.batchSize = try training.int("batchSize", 128, in: 1...100_000)
        s.learningRate = try training.float("learningRate", 1e-3, in: 1e-9...10, "a learning rate from 1e-9 to 10")
        s.optimizer = try training.string("optimizer", "adam", oneOf: UpdateRule.names)
        s.finalFraction = try training.float("finalLearningRateFraction", 0.1, in: 0...1, "a fraction from 0 to 1")
        s.weighting = MultiplicativeScoreMatching.Weighting(rawValue: try training.string("weighting", "hyvarinen",
                                                                                           oneOf: MultiplicativeScoreMatching.Weighting.allCases.map(\.rawValue)))!
        s.trainingLevels = try training.int("levels", 1000, in: 2...1_000_000)
        try training.rejectUnknownKeys()
        var sampling = try root.object("sampling")
        s.samples = try sampling.int("samples", 100, in: 2...100_000)
        s.schedule = try readSchedule(&sampling, levels: 1000, horizon: s.horizon)
        s.start = try sampling.string("start", "fitted", oneOf: ["fitted", "exact"])
        for var extra in try sampling.objects("extraSchedules") {
            let name = try extra.string("name")
            s.extraSchedules.append((name, try readSchedule(&extra, levels: s.schedule.levels, horizon: s.horizon)))
            try extra.rejectUnknownKeys()
        }
        try sampling.rejectUnknownKeys()
    }

    static func readDale(_ root: inout FieldReader, _ s: inout Settings) throws {
        var task = try root.object("task")
        s.groups = try task.int("groups", 10, in: 1...1000)
        s.copies = try task.int("copies", 100, in: 2...5000)
        if s.groups * s.copies > 5000 {
            throw InputError(file: "\(task.file)", place: task.place("copies"), expected: "groups × copies ≤ 5000 (the normality test's range), found \(s.groups) × \(s.copies)")
        }
        s.jitter = try task.float("jitter", 0.5, in: 0...100, "an input jitter from 0 to 100")
        s.labelNoise = try task.float("labelNoise", 0.1, in: 0...100, "a noise level from 0 to 100")
        try task.rejectUnknownKeys()
        var training = try root.object("training")
        s.steps = try training.int("steps", 5000, in: 1...100_000_000)
        s.batchSize = try training.int("batchSize", 32, in: 1...100_000)
        s.egLearningRate = try training.float("exponentiatedGradientRate", 0.05, in: 1e-9...10, "a learning rate from 1e-9 to 10")
        s.gdLearningRate = try training.float("gradientDescentRate", 0.0005, in: 1e-9...10, "a learning rate from 1e-9 to 10")
        s.repetitions = try training.int("repetitions", 5, in: 1...1000)
        try training.rejectUnknownKeys()
        s.alpha = try root.permutationTest(permutations: nil).alpha
    }

    /// Reads the file, runs its experiment, writes `summary.md` (and pictures); returns the summary's path.
    public static func run(file: String, outputDirectory: String?, seed: UInt64?, quiet: Bool) throws -> String {
        var s = try read(file)
        if let outputDirectory { s.output = outputDirectory }
        if let seed { s.seed = seed }
        try FileManager.default.createDirectory(atPath: s.output, withIntermediateDirectories: true)
        let log: (String) -> Void = { if !quiet { RunProgress.log($0) } }
        let text: String
        switch s.experiment {
        case .mixture: text = try GBMMixtureRun.run(s, log: log)
        case .images: text = try GBMImageRun.run(s, file: file, quiet: quiet, log: log)
        case .daleWeights: text = try DaleWeightsRun.run(s, log: log)
        }
        let path = (s.output as NSString).appendingPathComponent("summary.md")
        try AtomicFile.write(text: text, to: path)
        return path
    }

    /// `name` inside the run's output directory.
    static func path(_ s: Settings, _ name: String) -> String { (s.output as NSString).appendingPathComponent(name) }
}
