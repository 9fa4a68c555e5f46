import Datasets
import DenseKernels
import FileFormats
import Foundation
import LangevinMachine

/// `nlm run`: train (or resume), save the model, sample from noise, denoise held-out images, and write
/// pictures and a summary into the output directory.
public enum RunPipeline {
    public struct Summary: Sendable {
        public var outputDirectory: String
        public var firstMismatch: Float?
        public var lastMismatch: Float?
        public var epochs: Int
        public var updates: Int
        public var trainingSeconds: Double
        public var denoising: [DenoisingResult]
        public var sampleGrid: String?
        public var finalSampleEnergy: Float?
        public var interrupted: Bool
    }

    public static func run(_ spec: NetworkSpec, options: RunOptions, trainOnly: Bool = false) throws -> Summary {
        let progress = ProgressReporter(quiet: options.quiet)
        let data = try ExperimentData.load(spec, dataPath: options.dataPath)
        progress.log("\(spec.name): \(data.train.count) training and \(data.test.count) held-out images of digits \(spec.data.digits), "
                     + "\(spec.neurons) neurons, batch \(spec.training.batchSize), \(spec.epochs) epochs → \(spec.outputDirectory)")
        let started = Date()
        let outcome = try TrainingRun.train(spec, data: data, options: options, progress: progress)
        let trainingSeconds = Date().timeIntervalSince(started)
        let out = spec.outputDirectory
        var model = ModelFile(parameters: outcome.state.parameters, spec: spec, epochs: outcome.state.epoch,
                              updates: outcome.state.update, history: outcome.history)
        var summary = Summary(outputDirectory: out, firstMismatch: outcome.history.first?.mismatch,
                              lastMismatch: outcome.history.last?.mismatch, epochs: outcome.state.epoch,
                              updates: outcome.state.update, trainingSeconds: trainingSeconds, denoising: [],
                              sampleGrid: nil, finalSampleEnergy: nil, interrupted: outcome.interrupted)
        try model.save(to: out)
        try writeTrainingCurves(outcome.history, to: out)
        if trainOnly || outcome.interrupted { return summary }

        progress.log("sampling \(spec.sampling.chains) chains for \(spec.sampling.steps) steps at T = \(spec.sampling.temperature)")
        let sampling = Sampler.run(outcome.state.parameters, spec.sampling, seed: spec.seed)
        summary.sampleGrid = try writeSamples(sampling, width: data.train.width, height: data.train.height, to: out)
        summary.finalSampleEnergy = sampling.energies.last?.mean

        if !spec.denoising.fractions.isEmpty && data.test.count > 0 {
            progress.log("denoising \(min(spec.denoising.images, data.test.count)) held-out images at \(spec.denoising.fractions)")
            let levels = Denoiser.run(outcome.state.parameters, images: data.test, encoding: data.encoding,
                                      spec.denoising, seed: spec.seed)
            summary.denoising = levels.map(\.result)
            for (level, entry) in levels.enumerated() {
                try writeDenoisingPicture(entry.corrupted, entry.restored, entry.original, width: data.test.width,
                                          height: data.test.height,
                                          to: (out as NSString).appendingPathComponent("denoise-\(Int((entry.result.fraction * 100).rounded()))pct.png"),
                                          level: level)
            }
        }
        model.extra["summary"] = summaryJSON(summary, spec)
        try model.save(to: out)
        try ArrayFiles.writeText(summaryMarkdown(summary, spec), to: (out as NSString).appendingPathComponent("summary.md"))
        return summary
    }

    static func writeTrainingCurves(_ history: [EpochReport], to out: String) throws {
        guard !history.isEmpty else { return }
        let epochs = history.map { Double($0.epoch) }
        try Pictures.lineChart(title: "Moment mismatch per epoch", xLabel: "epoch", yLabel: "mean((model − data)²)",
                               series: [("mismatch", Array(zip(epochs, history.map { Double($0.mismatch) })))], logY: true,
                               to: (out as NSString).appendingPathComponent("mismatch.svg"))
        try Pictures.lineChart(title: "Mean energy per epoch", xLabel: "epoch", yLabel: "E = ½‖x − Jφ(x) − b‖²",
                               series: [("data", Array(zip(epochs, history.map { Double($0.dataEnergy) }))),
                                        ("chains", Array(zip(epochs, history.map { Double($0.chainEnergy) })))],
                               logY: true, to: (out as NSString).appendingPathComponent("energy.svg"))
    }

    /// Grids of the rates φ(x) of all chains at every snapshot and at the end; the trajectory as .npy.
    static func writeSamples(_ s: SamplingResult, width: Int, height: Int, to out: String) throws -> String {
        func grid(_ x: Matrix, _ name: String) throws -> String {
            let path = (out as NSString).appendingPathComponent(name)
            try Pictures.stateGrid(x, width: width, height: height, to: path)
            return path
        }
        for (step, states) in s.snapshots { _ = try grid(states, "samples-step\(step).png") }
        let final = try grid(s.final, "samples.png")
        try ArrayFiles.write(s.final.storage, shape: [s.final.rows, s.final.cols],
                             to: (out as NSString).appendingPathComponent("samples.npy"))
        if s.trajectoryChains > 0 {
            try ArrayFiles.write(s.trajectory, shape: [s.trajectorySteps.count, s.trajectoryChains, s.final.rows],
                                 to: (out as NSString).appendingPathComponent("trajectory.npy"))
        }
        try Pictures.lineChart(title: "Mean energy of the sampling chains", xLabel: "step", yLabel: "energy",
                               series: [("chains", s.energies.map { (Double($0.step), Double($0.mean)) })], logY: true,
                               to: (out as NSString).appendingPathComponent("sampling-energy.svg"))
        return final
    }

    /// Rows of corrupted, restored and original images (first 12).
    static func writeDenoisingPicture(_ corrupted: Matrix, _ restored: Matrix, _ original: Matrix, width: Int, height: Int,
                                      to path: String, level: Int) throws {
        let shown = min(12, corrupted.cols)
        var images: [[Float]] = []
        for m in [corrupted, restored, original] {
            for c in 0..<shown { images.append((0..<m.rows).map { (m[$0, c] + 1) / 2 }) }
        }
        try Pictures.grid(images, width: width, height: height, columns: shown, to: path)
    }

    static func summaryJSON(_ s: Summary, _ spec: NetworkSpec) -> [String: Any] {
        var j: [String: Any] = ["epochs": s.epochs, "updates": s.updates, "trainingSeconds": s.trainingSeconds,
                                "samplingTemperature": spec.sampling.temperature, "samplingSteps": spec.sampling.steps]
        if let f = s.firstMismatch { j["firstEpochMismatch"] = f }
        if let l = s.lastMismatch { j["lastEpochMismatch"] = l }
        if let e = s.finalSampleEnergy { j["finalSampleEnergy"] = e }
        j["denoising"] = s.denoising.map { ["fraction": $0.fraction, "mseBefore": $0.mseBefore, "mseAfter": $0.mseAfter] }
        return j
    }

    public static func summaryMarkdown(_ s: Summary, _ spec: NetworkSpec) -> String {
        var text = "# \(spec.name)\n\n\(spec.description)\n\n"
        text += "- epochs \(s.epochs), updates \(s.updates), training time \(ProgressReporter.duration(s.trainingSeconds))\n"
        if let f = s.firstMismatch, let l = s.lastMismatch {
            text += String(format: "- moment mismatch: first epoch %.3e, last epoch %.3e (%.1f× lower)\n", f, l, f / max(l, 1e-30))
        }
        if let grid = s.sampleGrid {
            text += "- samples: \(spec.sampling.chains) chains from N(0, I), \(spec.sampling.steps) steps at T = \(spec.sampling.temperature), dt = \(spec.sampling.dt): \(grid)\n"
        }
        if let e = s.finalSampleEnergy { text += String(format: "- mean energy of the sampling chains at the end: %.2f\n", e) }
        if !s.denoising.isEmpty {
            text += "\n| corrupted (\(spec.denoising.mode.rawValue)) | MSE before | MSE after |\n|---|---|---|\n"
            for d in s.denoising {
                text += String(format: "| %.0f%% | %.4f | %.4f |\n", d.fraction * 100, d.mseBefore, d.mseAfter)
            }
            text += "\n(MSE on rates in [−1, 1]; dynamics at T = \(spec.denoising.temperature) for \(spec.denoising.steps) steps.)\n"
        }
        return text
    }
}
