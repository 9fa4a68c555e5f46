import DenseKernels
import FileFormats
import Foundation
import Optimization
import Statistics

/// `nlm run Networks/rsn-*.json`: trains a reservoir sampler and the sampler-only networks on one target
/// by denoising score matching, samples each (the reservoir through its full circuit), and reports MMD with
/// a permutation test, marginal Wasserstein distances and kurtosis, histograms, the learned score and a sweep
/// over the reservoir size.
public enum RSNRun {
    public static let family = "rsn"

    struct Settings {
        var name = "", target = TargetChoice.analytic(.twoPeak), neurons = 300, nonlinearity = Nonlinearity.relu
        var levels = 10, sigmaMax: Float = 1, sigmaMin: Float = 0.05, stepsPerLevel = 2000, batch = 128
        var learningRate: Float = 1e-3, weightDecay: Float = 1e-4, optimizer = "adam"
        var schedule = DenoisingScoreMatching.Schedule()
        /// After DSM training, re-solve the reservoir's read-out W_out in closed form at σ_min on this many fresh
        /// target samples (0: keep the Adam-trained read-out), with this ridge.
        var refitSamples = 0, ridge = 1e-3
        var chains = 2000, steps = 10_000, dt: Float = 5e-4, initialSpread: Float = 1.5
        var baselines: [ScoreArchitecture] = [.synapticCurrent, .firingRate]
        var sweep: [Int] = []
        var permutations = 200, alpha = 0.05
        var seed: UInt64 = 1, output = ""
    }

    /// The target as the file names it; MNIST is loaded (and its components fitted) only when the run starts.
    enum TargetChoice {
        case analytic(TargetDistribution)
        case mnistPCA(path: String, digits: [Int]?, images: Int, components: Int)

        var dimension: Int {
            switch self {
            case .analytic(let t): return t.dimension
            case .mnistPCA(_, _, _, let k): return k
            }
        }

        func load() throws -> RSNTarget {
            switch self {
            case .analytic(let t): return .analytic(t)
            case let .mnistPCA(path, digits, images, k):
                return .projected(try ProjectedImages(mnist: path, digits: digits, images: images, components: k))
            }
        }
    }

    /// Reads and validates an RSN network file without running it (errors name the file and the field).
    public static func validate(file: String) throws { _ = try read(file) }

    static func read(_ file: String) throws -> Settings {
        var root = try FieldReader.parse(Data(try FileBytes.read(path: file)), file: file)
        var s = Settings()
        _ = try root.string("family", "rsn", oneOf: ["rsn"])
        s.name = try root.string("name", ((file as NSString).lastPathComponent as NSString).deletingPathExtension)
        _ = try root.string("description", "")
        let targetName = try root.string("target", oneOf: TargetDistribution.allCases.map(\.rawValue) + ["mnist-pca"])
        if let analytic = TargetDistribution(rawValue: targetName) {
            s.target = .analytic(analytic)
        } else {
            var data = try root.object("data")
            _ = try data.string("source", "mnist", oneOf: ["mnist"])
            let path = try data.string("path", "../shared/data/mnist")
            let digits = try data.ints("digits", Array(0...9), in: 0...9)
            let images = try data.int("count", 20_000, in: 100...60_000)
            let components = try data.int("components", 16, in: 1...784)
            try data.rejectUnknownKeys()
            s.target = .mnistPCA(path: path, digits: digits.count == 10 ? nil : digits, images: images, components: components)
        }
        s.seed = UInt64(try root.int("seed", 1, in: 0...Int(Int32.max)))
        var reservoir = try root.object("reservoir")
        s.neurons = try reservoir.int("neurons", 300, in: s.target.dimension...100_000)
        s.nonlinearity = Nonlinearity(rawValue: try reservoir.string("nonlinearity", "relu", oneOf: Nonlinearity.allCases.map(\.rawValue)))!
        try reservoir.rejectUnknownKeys()
        var training = try root.object("training")
        s.levels = try training.int("levels", 10, in: 1...1000)
        s.sigmaMax = try training.float("sigmaMax", 1, in: 1e-6...100, "a noise level from 1e-6 to 100")
        s.sigmaMin = try training.float("sigmaMin", 0.05, in: 1e-6...100, "a noise level from 1e-6 to 100")
        s.stepsPerLevel = try training.int("stepsPerLevel", 2000, in: 1...10_000_000)
        s.batch = try training.int("batchSize", 128, in: 1...1_000_000)
        s.learningRate = try training.float("learningRate", 1e-3, in: 1e-9...10, "a learning rate from 1e-9 to 10")
        s.weightDecay = try training.float("weightDecay", 1e-4, in: 0...1, "a weight decay from 0 to 1")
        s.optimizer = try training.string("optimizer", "adam", oneOf: UpdateRule.names)
        s.schedule.antithetic = try training.bool("antithetic", false)
        s.schedule.finalLearningRateFactor = try training.float("finalLearningRateFactor", 1, in: 1e-6...1, "a factor from 1e-6 to 1")
        s.refitSamples = try training.int("readoutRefitSamples", 0, in: 0...10_000_000)
        s.ridge = try training.double("readoutRidge", 1e-3, in: 0...1e6, "a ridge λ from 0 to 1e6")
        try training.rejectUnknownKeys()
        var sampling = try root.object("sampling")
        s.chains = try sampling.int("chains", 2000, in: 2...1_000_000)
        s.steps = try sampling.int("steps", 10_000, in: 1...100_000_000)
        s.dt = try sampling.float("dt", 5e-4, in: 1e-9...1, "a time step from 1e-9 to 1")
        s.initialSpread = try sampling.float("initialSpread", 1.5, in: 0...100, "a standard deviation from 0 to 100")
        try sampling.rejectUnknownKeys()
        s.baselines = try root.string("baselines", "synapticCurrent,firingRate").split(separator: ",").map { name in
            guard let a = ScoreArchitecture(rawValue: String(name)), a != .reservoir else {
                throw InputError(file: file, place: "baselines", expected: "a comma-separated list of synapticCurrent, firingRate, found \"\(name)\"")
            }
            return a
        }
        s.sweep = try root.ints("sweep", [], in: 1...100_000)
        (s.permutations, s.alpha) = try root.permutationTest(permutations: 200)
        s.output = try root.outputDirectory("runs/\(s.name)")
        try root.rejectUnknownKeys()
        return s
    }

    struct Fit {
        var architecture: ScoreArchitecture
        var neurons: Int
        var model: ScoreModel
        var losses: [Double]
        var samples: Matrix
        var mmd: (mmd2: Double, bandwidth: Double, pValue: Double)
        var wasserstein: [Double]
        var kurtosis: [Double]
    }

    /// Reads the file, runs everything, writes `report.md` and pictures; returns the report's path.
    public static func run(file: String, outputDirectory: String?, seed: UInt64? = nil, quiet: Bool) throws -> String {
        var s = try read(file)
        if let outputDirectory { s.output = outputDirectory }
        if let seed { s.seed = seed }
        try FileManager.default.createDirectory(atPath: s.output, withIntermediateDirectories: true)
        let log: (String) -> Void = { if !quiet { RunProgress.log($0) } }
        let d = s.target.dimension
        let target = try s.target.load()
        let reference = target.reference(s.chains, seed: s.seed &+ 1000)
        let levels = DenoisingScoreMatching.levels(count: s.levels, from: s.sigmaMax, to: s.sigmaMin)

        func fit(_ architecture: ScoreArchitecture, neurons: Int) throws -> Fit {
            var model = ScoreModel(architecture, dimension: d, reservoirSize: neurons, nonlinearity: s.nonlinearity, seed: s.seed)
            let start = Date()
            let losses = DenoisingScoreMatching.train(&model, levels: levels, stepsPerLevel: s.stepsPerLevel,
                                                      rule: UpdateRule.named(s.optimizer, learningRate: s.learningRate, weightDecay: s.weightDecay)!,
                                                      schedule: s.schedule, seed: s.seed) { step in
                target.sample(s.batch, seed: s.seed &+ 7919 &* UInt64(step + 1))
            }
            if architecture == .reservoir && s.refitSamples > 0 {
                try ReadoutFit.fit(&model, data: target.sample(s.refitSamples, seed: s.seed &+ 77), sigma: levels.last!, ridge: s.ridge, seed: s.seed &+ 78)
            }
            let noise = RandomStream(seed: s.seed, stream: 0x494E_4954)
            let x0 = Matrix(rows: s.chains, cols: d, storage: (0..<(s.chains * d)).map { s.initialSpread * noise.gaussian(UInt64($0)) })
            let samples: Matrix
            if architecture == .reservoir {
                let circuit = try ReservoirCircuit(model)
                let r0 = Matrix.product(x0, .none, circuit.pseudoInverse, .transposed)
                samples = circuit.output(circuit.simulate(r0, steps: s.steps, dt: s.dt, seed: s.seed &+ 5))
            } else {
                samples = LangevinSampler.simulate(model, x0, steps: s.steps, dt: s.dt, seed: s.seed &+ 5)
            }
            let mmd = MaximumMeanDiscrepancy.test(x: samples, y: reference, permutations: s.permutations, seed: s.seed)
            let columns = (0..<d).map { j in ((0..<samples.rows).map { Double(samples[$0, j]) }, (0..<reference.rows).map { Double(reference[$0, j]) }) }
            let f = Fit(architecture: architecture, neurons: neurons, model: model, losses: losses, samples: samples, mmd: mmd,
                        wasserstein: columns.map { MarginalStatistics.wasserstein1($0.0, $0.1) },
                        kurtosis: columns.map { MarginalStatistics.excessKurtosis($0.0) })
            log(String(format: "%@ (N = %d): DSM loss at σ_min %.4f, MMD² %.2e (p = %.3f), %.0f s", architecture.rawValue, neurons,
                       losses.last ?? .nan, mmd.mmd2, mmd.pValue, Date().timeIntervalSince(start)))
            return f
        }

        var fits = [try fit(.reservoir, neurons: s.neurons)]
        for baseline in s.baselines { fits.append(try fit(baseline, neurons: d)) }
        let sweep = try s.sweep.map { try fit(.reservoir, neurons: $0) }
        try RSNReport.write(s, target: target, fits: fits, sweep: sweep, reference: reference, levels: levels)
        return (s.output as NSString).appendingPathComponent("report.md")
    }
}
