import Datasets
import DenseKernels
import FileFormats
import Foundation
import LangevinMachine
import Optimization

/// `nlm run Networks/vpf-*.json`: the `vpf` family. `"experiment": "mnist"` trains one architecture on
/// binarised MNIST (or Fashion-MNIST, same file format, another directory) with VPF, CD-k and PCD for the
/// same number of updates and compares AIS log-likelihoods, reconstructions of corrupted images, features and
/// samples; `"experiment": "stdp"` measures the STDP window of the asymmetric rule on the event-driven engine
/// (``STDPRun``). Returns the path of the written summary.md.
public enum VPFRun {
    public static let family = "vpf"

    struct MethodSettings {
        var method: LearningMethod
        var learningRate: Float
        var optimizer = "adam"
    }

    struct Settings {
        var name = "", description = "", seed: UInt64 = 1, output = ""
        var dataDirectory = "../shared/data/mnist", dataset = "MNIST", trainLimit = 60_000, testLimit = 10_000
        var threshold: Float = 0.5
        var hidden = [200], intraHidden = false, weightScale: Float = 0.01
        var methods: [MethodSettings] = []
        var epochs = 5, batch = 100, weightDecay: Float = 1e-4, meanFieldSweeps = 10, curvePoints = 20
        var aisChains = 100, aisTemperatures = 10_000, testImages = 1000, curveImages = 500
        var occlusion: [Double] = [0.1, 0.25, 0.5], flips: [Double] = [0.05, 0.1, 0.2]
        var inference = InferenceMethod.gibbs(burnIn: 20, sweeps: 100)
        var sampleChains = 64, sampleSweeps = 1000, filters = 100
    }

    /// Reads and validates a network file without running it (errors name the file and the field).
    public static func validate(file: String) throws {
        if try experiment(file) == "stdp" { _ = try STDPRun.read(file) } else { _ = try read(file) }
    }

    static func experiment(_ file: String) throws -> String {
        var root = try FieldReader.parse(Data(try FileBytes.read(path: file)), file: file)
        return try root.string("experiment", "mnist", oneOf: ["mnist", "stdp"])
    }

    static func read(_ file: String) throws -> Settings {
        var root = try FieldReader.parse(Data(try FileBytes.read(path: file)), file: file)
        var s = Settings()
        _ = try root.string("family", "vpf", oneOf: ["vpf"])
        _ = try root.string("experiment", "mnist", oneOf: ["mnist"])
        s.name = try root.string("name", ((file as NSString).lastPathComponent as NSString).deletingPathExtension)
        s.description = try root.string("description", "")
        s.seed = UInt64(try root.int("seed", 1, in: 0...Int(Int32.max)))
        var data = try root.object("data")
        s.dataDirectory = try data.string("directory", s.dataDirectory)
        s.dataset = try data.string("name", "MNIST")
        s.trainLimit = try data.int("trainImages", 60_000, in: 100...60_000)
        s.testLimit = try data.int("testImages", 10_000, in: 10...10_000)
        s.threshold = try data.float("threshold", 0.5, in: 0.001...0.999, "a binarisation threshold in (0, 1)")
        try data.rejectUnknownKeys()
        var model = try root.object("model")
        s.hidden = try model.ints("hidden", [200], in: 1...10_000)
        s.intraHidden = try model.bool("intraHidden", false)
        s.weightScale = try model.float("weightScale", 0.01, in: 0...10, "a standard deviation from 0 to 10")
        try model.rejectUnknownKeys()
        var training = try root.object("training")
        s.epochs = try training.int("epochs", 5, in: 1...1000)
        s.batch = try training.int("batchSize", 100, in: 1...10_000)
        s.weightDecay = try training.float("weightDecay", 1e-4, in: 0...1, "a weight decay from 0 to 1")
        s.meanFieldSweeps = try training.int("meanFieldSweeps", 10, in: 1...1000)
        s.curvePoints = try training.int("curvePoints", 20, in: 2...1000)
        s.methods = try training.objects("methods").map { entry in
            var e = entry
            let name = try e.string("method", oneOf: ["vpf", "vpf-sampled", "cd", "pcd"])
            let k = try e.int("k", 1, in: 1...1000)
            let chains = try e.int("chains", 100, in: 1...100_000)
            let rate = try e.float("learningRate", 1e-3, in: 1e-7...10, "a learning rate from 1e-7 to 10")
            let optimizer = try e.string("optimizer", "adam", oneOf: UpdateRule.names)
            try e.rejectUnknownKeys()
            let method: LearningMethod
            switch name {
            case "vpf": method = .probabilityFlow(sampledHidden: false)
            case "vpf-sampled": method = .probabilityFlow(sampledHidden: true)
            case "cd": method = .contrastiveDivergence(k: k)
            default: method = .persistentContrastiveDivergence(k: k, chains: chains)
            }
            return MethodSettings(method: method, learningRate: rate, optimizer: optimizer)
        }
        guard !s.methods.isEmpty else {
            throw InputError(file: file, place: "training.methods", expected: "a non-empty array of { \"method\": \"vpf\" | \"vpf-sampled\" | \"cd\" | \"pcd\", … }")
        }
        try training.rejectUnknownKeys()
        var evaluation = try root.object("evaluation")
        s.aisChains = try evaluation.int("aisChains", 100, in: 2...100_000)
        s.aisTemperatures = try evaluation.int("aisTemperatures", 10_000, in: 1...10_000_000)
        s.testImages = try evaluation.int("testImages", 1000, in: 1...10_000)
        s.curveImages = try evaluation.int("curveImages", 500, in: 1...10_000)
        s.occlusion = try evaluation.floats("occlusion", [0.1, 0.25, 0.5], in: 0.001...1).map(Double.init)
        s.flips = try evaluation.floats("flips", [0.05, 0.1, 0.2], in: 0.0...0.5).map(Double.init)
        let inference = try evaluation.string("inference", "gibbs", oneOf: ["gibbs", "meanField"])
        let sweeps = try evaluation.int("inferenceSweeps", 100, in: 1...100_000)
        let burnIn = try evaluation.int("inferenceBurnIn", 20, in: 0...100_000)
        s.inference = inference == "gibbs" ? .gibbs(burnIn: burnIn, sweeps: sweeps) : .meanField(sweeps: sweeps)
        s.sampleChains = try evaluation.int("sampleChains", 64, in: 1...10_000)
        s.sampleSweeps = try evaluation.int("sampleSweeps", 1000, in: 1...1_000_000)
        s.filters = try evaluation.int("filters", 100, in: 1...10_000)
        try evaluation.rejectUnknownKeys()
        s.output = try root.outputDirectory("runs/\(s.name)")
        try root.rejectUnknownKeys()
        return s
    }

    /// One trained model and what was measured on it.
    struct Result {
        var name: String
        var model: BoltzmannMachine
        var seconds: Double
        var updates: Int
        /// (update, method objective averaged since the previous point, test reconstruction error) per curve point.
        var curve: [(update: Int, objective: Double, reconstruction: Double)]
        var evaluation: VPFEvaluation.Measurements
    }

    /// Reads the file, trains and evaluates every method, writes summary.md and pictures; returns its path.
    public static func run(file: String, outputDirectory: String?, seed: UInt64?, quiet: Bool) throws -> String {
        if try experiment(file) == "stdp" { return try STDPRun.run(file: file, outputDirectory: outputDirectory, seed: seed, quiet: quiet) }
        var s = try read(file)
        if let outputDirectory { s.output = outputDirectory }
        if let seed { s.seed = seed }
        try FileManager.default.createDirectory(atPath: s.output, withIntermediateDirectories: true)
        let log: (String) -> Void = { if !quiet { RunProgress.log($0) } }
        let train = try MNIST.load(directory: s.dataDirectory, split: .train, limit: s.trainLimit)
        let test = try MNIST.load(directory: s.dataDirectory, split: .test, limit: s.testLimit)
        let binary = { (set: ImageSet) in set.pixels.map { $0 > s.threshold ? Float(1) : 0 } }
        let trainPixels = binary(train), testPixels = binary(test)
        let nv = train.pixelsPerImage
        let architecture = BoltzmannArchitecture.deep(visible: nv, hidden: s.hidden, intraHidden: s.intraHidden)
        let curveImages = VPFEvaluation.columns(testPixels, width: nv, indices: Array(0..<min(s.curveImages, test.count)))
        var means = [Float](repeating: 0, count: nv)
        for k in 0..<train.count { for i in 0..<nv { means[i] += trainPixels[k * nv + i] / Float(train.count) } }
        log("\(s.dataset): \(train.count) training and \(test.count) test images, binarised at \(s.threshold); model \(architecture.layers)")

        var results: [Result] = []
        let updatesPerEpoch = train.count / s.batch, total = updatesPerEpoch * s.epochs
        let curveEvery = max(1, total / s.curvePoints)
        for (index, m) in s.methods.enumerated() {
            let initial = BoltzmannMachine(architecture: architecture, weightScale: s.weightScale, seed: s.seed)
            var training = FlowTraining(model: initial, method: m.method,
                                        rule: UpdateRule.named(m.optimizer, learningRate: m.learningRate, weightDecay: s.weightDecay)!,
                                        seed: s.seed &+ UInt64(100 * (index + 1)), meanFieldSweeps: s.meanFieldSweeps)
            // The visible biases start at the logit of the pixel means (standard for binary RBMs), for every method.
            let logits = AnnealedImportanceSampling.baseBias(units: nv, visibleMeans: means)
            for i in 0..<nv { training.model.bias[i] = logits[i] }
            let progress = RunProgress(label: m.method.name, total: total, quiet: quiet)
            var curve: [(update: Int, objective: Double, reconstruction: Double)] = []
            var window = 0.0, windowCount = 0
            let start = Date()
            for epoch in 0..<s.epochs {
                let order = VPFEvaluation.permutation(train.count, seed: s.seed, epoch: epoch)
                for b in 0..<updatesPerEpoch {
                    let batch = VPFEvaluation.columns(trainPixels, width: nv, indices: Array(order[(b * s.batch)..<((b + 1) * s.batch)]))
                    window += training.step(visible: batch); windowCount += 1
                    if training.steps % curveEvery == 0 || training.steps == total {
                        let error = VPFEvaluation.reconstructionError(training.model, curveImages, sweeps: s.meanFieldSweeps)
                        curve.append((training.steps, window / Double(windowCount), error))
                        progress.report(done: training.steps, values: ["objective": window / Double(windowCount), "recon": error])
                        window = 0; windowCount = 0
                    }
                }
            }
            let seconds = Date().timeIntervalSince(start)
            log(String(format: "%@: %d updates in %.1f s", m.method.name, training.steps, seconds))
            let evaluation = try VPFEvaluation.measure(training.model, settings: s, test: testPixels, testCount: test.count,
                                                        visibleMeans: means, seed: s.seed &+ 7, log: log)
            results.append(Result(name: m.method.name, model: training.model, seconds: seconds, updates: training.steps,
                                  curve: curve, evaluation: evaluation))
        }
        return try VPFReport.write(s, results: results, architecture: architecture, test: testPixels, testCount: test.count)
    }
}
