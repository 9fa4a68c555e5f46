import Datasets
import DenseKernels
import FileFormats
import Foundation
import LangevinMachine
import NeuralAgents

/// `nlm check phases`: the same network trained three ways on the same data, seed and compute budget —
/// the dense synchronous trainer, the event-driven engine without any global phase (evoked and spontaneous
/// compartments per neuron, stimuli at each neuron's own times), and the event-driven engine with global
/// wake/sleep phases — compared on moment mismatch, held-out energy and denoising.
public enum PhaseCheck {
    public struct Row: Sendable {
        public var method: String
        public var mismatch: Float
        public var heldOutEnergy: Float
        public var denoisingBefore: Float
        public var denoisingAfter: Float
        public var seconds: Double
        public var samples: String
    }

    /// The tolerances fixed before any run: the phase-free engine agrees with the dense trainer when its
    /// final moment mismatch is within a factor 3 of the dense one, and its held-out energy and denoising MSE
    /// are within 25% of the dense ones. (The event engine's per-neuron clocks and stimulus dwell make its
    /// gradient noisier than the dense batch's, so exact equality is not expected.)
    public static let mismatchFactor: Float = 3
    public static let relativeTolerance: Float = 0.25

    public struct Report: Sendable {
        public var rows: [Row]
        public var phaseFreeAgrees: Bool
        public var verdict: String
    }

    public static func run(_ spec: NetworkSpec, data: ExperimentData, clock: NeuronClock?, progress: ProgressReporter) throws -> Report {
        let train = ExperimentData.encode(data.train, data.encoding)
        let initial = TrainingRun.initialParameters(spec) { train }
        try ArrayFiles.createDirectory(spec.outputDirectory)
        var rows: [Row] = []

        func evaluate(_ method: String, _ p: Parameters, _ reports: [EpochReport], _ seconds: Double) throws {
            let test = ExperimentData.encode(data.test, data.encoding)
            let energies = DenseDynamics(parameters: p, temperature: 1, dt: spec.training.dt).energies(of: test.transposed())
            var denoising = spec.denoising
            denoising.fractions = [0.2]
            let d = Denoiser.run(p, images: data.test, encoding: data.encoding, denoising, seed: spec.seed)[0].result
            var sampling = spec.sampling
            sampling.snapshots = []
            sampling.trajectoryChains = 0
            let s = Sampler.run(p, sampling, seed: spec.seed)
            let path = (spec.outputDirectory as NSString).appendingPathComponent("samples-\(method).png")
            try Pictures.stateGrid(s.final, width: data.test.width, height: data.test.height, to: path)
            rows.append(Row(method: method, mismatch: reports.last?.mismatch ?? .nan,
                            heldOutEnergy: energies.reduce(0, +) / Float(max(energies.count, 1)),
                            denoisingBefore: d.mseBefore, denoisingAfter: d.mseAfter, seconds: seconds, samples: path))
            progress.log(String(format: "%@: mismatch %.3e, held-out energy %.2f, denoising %.3f → %.3f (%.0f s)", method,
                                rows.last!.mismatch, rows.last!.heldOutEnergy, d.mseBefore, d.mseAfter, seconds))
        }

        for engine in TrainingEngine.allCases { try engine.validate(spec) }
        for engine in TrainingEngine.allCases {
            progress.log(engine == .dense ? "dense synchronous trainer, \(spec.epochs) epochs"
                         : "event-driven engine, \(engine.rawValue), \(spec.epochs) epochs of the same budget in neuron updates")
            let start = Date()
            let (p, reports) = try engine.train(spec, data: train, initial: initial, clock: engine == .dense ? nil : clock)
            try evaluate(engine == .dense ? "dense" : "event-" + engine.rawValue.dropFirst("events-".count), p, reports,
                         Date().timeIntervalSince(start))
        }
        let d = rows[0], f = rows[1]
        func relative(_ a: Float, _ b: Float) -> Float { abs(a - b) / max(abs(b), 1e-12) }
        let agrees = f.mismatch <= mismatchFactor * d.mismatch && relative(f.heldOutEnergy, d.heldOutEnergy) <= relativeTolerance
            && relative(f.denoisingAfter, d.denoisingAfter) <= relativeTolerance
        let verdict = String(format: "phase-free vs dense: mismatch ratio %.2f (tolerance ≤ %.0f), held-out energy %+.1f%%, denoising MSE %+.1f%% (tolerance ±%.0f%%): %@",
                             f.mismatch / d.mismatch, mismatchFactor, 100 * (f.heldOutEnergy - d.heldOutEnergy) / d.heldOutEnergy,
                             100 * (f.denoisingAfter - d.denoisingAfter) / d.denoisingAfter, 100 * relativeTolerance,
                             agrees ? "AGREE — learning needed no global phase" : "DIFFER beyond the tolerance")
        return Report(rows: rows, phaseFreeAgrees: agrees, verdict: verdict)
    }

    public static func markdown(_ r: Report, _ spec: NetworkSpec) -> String {
        var text = "# Phase check: \(spec.name)\n\nSame data, seed (\(spec.seed)) and budget (\(spec.epochs) epochs of neuron updates).\n\n"
        text += "| method | final mismatch | held-out energy | denoising MSE 20% flips (before → after) | time | samples |\n|---|---|---|---|---|---|\n"
        for row in r.rows {
            text += String(format: "| %@ | %.3e | %.2f | %.3f → %.3f | %.0f s | %@ |\n", row.method, row.mismatch, row.heldOutEnergy,
                           row.denoisingBefore, row.denoisingAfter, row.seconds, row.samples)
        }
        return text + "\n" + r.verdict + "\n"
    }
}
