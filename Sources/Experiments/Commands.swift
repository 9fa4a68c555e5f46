import DenseKernels
import FileFormats
import Foundation
import LangevinMachine
import ProbabilityFlow
import MultiplicativeDiffusion
import ReservoirSampling

/// A subcommand of `nlm`.
public struct Command: Sendable {
    public var name: String
    public var usage: String
    public var summary: String
    public var options: [CommandArguments.Option]
    public var action: @Sendable (CommandArguments) throws -> Int32

    public var help: String { CommandArguments.help(command: name, usage: usage, summary: summary, options: options) }
}

/// Options shared by the commands that train.
let trainingOptions: [CommandArguments.Option] = [
    .init("out", "DIR", "output directory (default: the network's outputs.directory, runs/<name>)"),
    .init("seed", "S", "random seed (default: the network's seed)"),
    threadsOption,
    .init("epochs", "E", "number of epochs (default: the network's training.epochs)"),
    .init("data", "PATH", "MNIST directory (default: the network's data.path)"),
    .init("resume", nil, "continue from the checkpoint in the output directory, bit for bit"),
    .init("quiet", nil, "no progress on standard error"),
    helpOption,
]

func runOptions(_ a: CommandArguments) throws -> RunOptions {
    var o = RunOptions()
    o.outputDirectory = a.string("out")
    o.seed = try a.seed()
    o.epochs = try a.int("epochs", in: 0...10_000_000)
    o.dataPath = a.string("data")
    o.resume = a.flag("resume")
    o.quiet = a.flag("quiet")
    try applyThreads(a)
    return o
}

public enum Commands {
    public static let all: [Command] = [run, train, sample, denoise, info, evaluate, experiment, hypothesis, check, trace, fixedPoints,
                                        spectrum, bench]

    static let run = Command(
        name: "run", usage: "<network.json> [options]",
        summary: "Train the network, save the model, sample from noise, denoise held-out images, and write pictures and a summary.",
        options: trainingOptions) { a in
            let path = try a.requirePositional(["network.json"])[0]
            let options = try runOptions(a)
            // Hypothesis and experiment files run as `nlm hypothesis` / `nlm experiment` would.
            switch try NetworkFamily.of(path: path) {
            case .hypothesis:
                print(try String(contentsOfFile: try HypothesisRun.run(file: path, outputDirectory: options.outputDirectory, quiet: options.quiet), encoding: .utf8))
                return 0
            case .experiment:
                print(try String(contentsOfFile: try PaperExperiment.run(file: path, outputDirectory: options.outputDirectory, quiet: options.quiet), encoding: .utf8))
                return 0
            case .rsn:
                print(try String(contentsOfFile: try RSNRun.run(file: path, outputDirectory: options.outputDirectory, seed: options.seed, quiet: options.quiet), encoding: .utf8))
                return 0
            case .vpf:
                print(try String(contentsOfFile: try VPFRun.run(file: path, outputDirectory: options.outputDirectory, seed: options.seed, quiet: options.quiet), encoding: .utf8))
                return 0
            case .gbm:
                print(try String(contentsOfFile: try GBMRun.run(file: path, outputDirectory: options.outputDirectory, seed: options.seed, quiet: options.quiet), encoding: .utf8))
                return 0
            case .nlm: break
            }
            let spec = TrainingRun.configure(try NetworkSpec.read(path: path), options)
            StopRequest.installHandler()
            let summary = try RunPipeline.run(spec, options: options)
            print(RunPipeline.summaryMarkdown(summary, spec))
            return summary.interrupted ? 130 : 0
        }

    static let train = Command(
        name: "train", usage: "<network.json> [options]",
        summary: "Train the network and save the model (couplings.npy, bias.npy, model.json) and training curves; no sampling.",
        options: trainingOptions) { a in
            let path = try a.requirePositional(["network.json"])[0]
            let options = try runOptions(a)
            let spec = TrainingRun.configure(try NetworkSpec.read(path: path), options)
            StopRequest.installHandler()
            let summary = try RunPipeline.run(spec, options: options, trainOnly: true)
            print("model saved in \(summary.outputDirectory) after \(summary.epochs) epochs (\(summary.updates) updates)")
            return summary.interrupted ? 130 : 0
        }

    static let sample = Command(
        name: "sample", usage: "<model> [options]",
        summary: "Run chains from x ~ N(0, I) and write a PNG grid of their rates, the final states and a trajectory as .npy.",
        options: [
            .init("chains", "C", "number of chains (default 36)"),
            .init("steps", "S", "Langevin steps (default 3000)"),
            .init("temperature", "T", "sampling temperature (default 1)"),
            .init("dt", "DT", "time step (default: the model's)"),
            .init("snapshots", "S1,S2,…", "also save grids at these steps"),
            .init("seed", "S", "random seed (default: the model's)"),
            .init("out", "DIR", "output directory (default: <model>/samples)"),
            threadsOption,
            helpOption,
        ]) { a in
            let path = try a.requirePositional(["model"])[0]
            try applyThreads(a)
            let model = try ModelFile.load(path)
            var s = NetworkSpec.Sampling()
            s.chains = try a.int("chains", in: 1...100_000) ?? s.chains
            s.steps = try a.int("steps", in: 0...100_000_000) ?? s.steps
            s.temperature = try a.float("temperature", in: 0...1000) ?? s.temperature
            s.dt = try a.float("dt", in: 1e-6...1) ?? model.dt
            s.snapshots = try a.floats("snapshots", in: 0...1e8)?.map { Int($0) } ?? []
            let out = a.string("out") ?? ModelFile.outputDirectory(path, "samples")
            try ArrayFiles.createDirectory(out)
            let result = Sampler.run(model.parameters, s, seed: try a.seed() ?? model.seed)
            let side = Int(Double(model.parameters.neuronCount).squareRoot())
            let grid = try RunPipeline.writeSamples(result, width: side, height: model.parameters.neuronCount / max(side, 1), to: out)
            print("samples: \(grid); mean final energy \(result.energies.last?.mean ?? .nan)")
            return 0
        }

    static let denoise = Command(
        name: "denoise", usage: "<model> <network.json> [options]",
        summary: "Corrupt held-out images of the network's data, run the dynamics from them, and report the MSE before and after (on rates in [−1, 1]), with pictures.",
        options: [
            .init("fraction", "F1,F2,…", "corrupted fraction(s) of pixels (default 0.1,0.2,0.3)"),
            .init("mode", "flip|noise", "flip pixels or add Gaussian noise (default flip)"),
            .init("temperature", "T", "temperature of the restoring dynamics (default 0.05)"),
            .init("steps", "S", "steps of the restoring dynamics (default 500)"),
            .init("images", "K", "number of held-out images (default 100)"),
            .init("data", "PATH", "MNIST directory"),
            .init("seed", "S", "random seed"),
            .init("out", "DIR", "output directory (default: <model>/denoise)"),
            threadsOption,
            helpOption,
        ]) { a in
            let args = try a.requirePositional(["model", "network.json"])
            try applyThreads(a)
            let model = try ModelFile.load(args[0])
            var spec = try NetworkSpec.read(path: args[1])
            spec.denoising.fractions = try a.floats("fraction", in: 0...1) ?? spec.denoising.fractions
            if let mode = a.string("mode") {
                guard let m = NetworkSpec.Denoising.Mode(rawValue: mode) else {
                    throw InputError(file: "nlm denoise", place: "--mode", expected: "flip or noise, found \"\(mode)\"")
                }
                spec.denoising.mode = m
            }
            spec.denoising.temperature = try a.float("temperature", in: 0...1000) ?? spec.denoising.temperature
            spec.denoising.steps = try a.int("steps", in: 0...100_000_000) ?? spec.denoising.steps
            spec.denoising.images = try a.int("images", in: 1...1_000_000) ?? spec.denoising.images
            if let seed = try a.seed() { spec.seed = seed }
            guard spec.neurons == model.parameters.neuronCount else {
                throw InputError(file: args[1], place: "neurons", expected: "\(model.parameters.neuronCount) (the model's), found \(spec.neurons)")
            }
            let data = try ExperimentData.load(spec, dataPath: a.string("data"))
            let out = a.string("out") ?? ModelFile.outputDirectory(args[0], "denoise")
            try ArrayFiles.createDirectory(out)
            let levels = Denoiser.run(model.parameters, images: data.test, encoding: model.encoding, spec.denoising, seed: spec.seed)
            print("| corrupted (\(spec.denoising.mode.rawValue)) | MSE before | MSE after |\n|---|---|---|")
            for (level, entry) in levels.enumerated() {
                print(String(format: "| %.0f%% | %.4f | %.4f |", entry.result.fraction * 100, entry.result.mseBefore, entry.result.mseAfter))
                try RunPipeline.writeDenoisingPicture(entry.corrupted, entry.restored, entry.original, width: data.test.width,
                                                      height: data.test.height,
                                                      to: (out as NSString).appendingPathComponent("denoise-\(Int((entry.result.fraction * 100).rounded()))pct.png"),
                                                      level: level)
            }
            print("pictures (rows: corrupted, restored, original) in \(out)")
            return 0
        }

    static let info = Command(
        name: "info", usage: "<model>", summary: "Describe a saved model: size, training, couplings' statistics and last metrics.",
        options: [.init("help", nil, "show this help")]) { a in
            let path = try a.requirePositional(["model"])[0]
            let m = try ModelFile.load(path)
            let p = m.parameters
            let n = p.neuronCount
            var s = 0.0, s2 = 0.0, asym = 0.0, norm = 0.0
            for i in 0..<n { for j in 0..<n where i != j {
                let v = Double(p.couplings[i, j]); s += v; s2 += v * v
                let d = v - Double(p.couplings[j, i]); asym += d * d; norm += v * v
            } }
            let off = Double(n * max(n - 1, 1))
            print("model \(m.name) (\(ModelFile.sidecarPath(path)))")
            print("  neurons \(n), bias \(p.hasBias ? "yes" : "no"), self-couplings \(p.largestSelfCoupling == 0 ? "none" : "max |J_ii| = \(p.largestSelfCoupling)")")
            print("  trained \(m.epochs) epochs, \(m.updates) updates, T = \(m.temperature), dt = \(m.dt), seed \(m.seed), encoding \(ModelFile.encodingName(m.encoding))")
            print(String(format: "  couplings: off-diagonal mean %.4g, std %.4g (initial g/√N = %.4g); ‖J − Jᵀ‖/‖J‖ = %.3f",
                         s / off, (s2 / off - (s / off) * (s / off)).squareRoot(), Double(m.gain) / Double(n).squareRoot(),
                         (asym / max(norm, 1e-300)).squareRoot()))
            if let last = m.history.last, let first = m.history.first {
                print(String(format: "  mismatch: first epoch %.3e, last epoch %.3e", first.mismatch, last.mismatch))
            }
            return 0
        }
}

/// Options and handling shared by several commands.
let threadsOption = CommandArguments.Option("threads", "N", "worker threads for the dense kernels (default: all cores)")
let helpOption = CommandArguments.Option("help", nil, "show this help")

/// `--threads N`: the size of the dense kernels' worker pool.
func applyThreads(_ a: CommandArguments) throws {
    if let threads = try a.int("threads", in: 1...256) { ParallelWorkers.setDefaultThreadCount(threads) }
}
