import Datasets
import DenseKernels
import FileFormats
import Foundation
import LangevinMachine
import Synchronization

/// Options the command line adds to a network file.
public struct RunOptions: Sendable {
    public var outputDirectory: String?
    public var seed: UInt64?
    public var epochs: Int?
    public var resume = false
    public var dataPath: String?
    public var quiet = false

    public init() {}
}

/// SIGINT handling: the first Ctrl-C asks the training loop to stop after the current update's epoch,
/// write a checkpoint and explain how to resume; a second one exits at once.
public enum StopRequest {
    static let requested = Atomic<Bool>(false)

    public static var isRequested: Bool { requested.load(ordering: .relaxed) }

    public static func installHandler() {
        signal(SIGINT) { _ in
            if StopRequest.requested.exchange(true, ordering: .relaxed) { _exit(130) }
        }
    }

    /// For tests.
    public static func request() { requested.store(true, ordering: .relaxed) }
    public static func reset() { requested.store(false, ordering: .relaxed) }
}

/// The outcome of training: final state, every epoch's report, and whether it stopped early.
public struct TrainingOutcome: Sendable {
    public var state: TrainingState
    public var history: [EpochReport]
    public var interrupted: Bool
}

public enum TrainingRun {
    /// The training configuration of epoch `epoch` under the spec's learning-rate schedule.
    static func scheduled(_ spec: NetworkSpec, epoch: Int) -> TrainingConfiguration {
        var c = spec.training
        let f = Float(Foundation.pow(Double(spec.learningRateDecay), Double(epoch)))
        c.optimizer = c.optimizer.scaled(by: f)
        return c
    }

    /// The network's parameters before training: Jᵢⱼ ~ N(0, g²/N) with zero diagonal, and the bias the spec asks
    /// for (the training data's column means for `biasInit: dataMean`; `trainingData` is only read then).
    static func initialParameters(_ spec: NetworkSpec, trainingData: () throws -> Matrix) rethrows -> Parameters {
        var p = spec.model.symmetric
            ? Parameters.randomSymmetric(neurons: spec.neurons, gain: spec.model.gain, seed: spec.seed, bias: spec.model.bias)
            : Parameters.random(neurons: spec.neurons, gain: spec.model.gain, seed: spec.seed, bias: spec.model.bias)
        if spec.model.bias && spec.model.biasInit == .dataMean { p.bias = columnMeans(try trainingData()) }
        return p
    }

    /// Mean of every column (neuron) over the rows (samples), summed in row order.
    static func columnMeans(_ m: Matrix) -> [Float] {
        var sums = [Double](repeating: 0, count: m.cols)
        for r in 0..<m.rows { for c in 0..<m.cols { sums[c] += Double(m[r, c]) } }
        return sums.map { Float($0 / Double(max(m.rows, 1))) }
    }

    /// Applies command-line overrides to a spec.
    public static func configure(_ spec: NetworkSpec, _ options: RunOptions) -> NetworkSpec {
        var spec = spec
        if let out = options.outputDirectory { spec.outputDirectory = out }
        if let seed = options.seed { spec.seed = seed; spec.training.seed = seed }
        if let epochs = options.epochs { spec.epochs = epochs }
        return spec
    }

    /// Trains the network, checkpointing every `spec.checkpointEvery` epochs into the output directory and at
    /// the end; with `options.resume` continues from that directory's checkpoint bit for bit.
    public static func train(_ spec: NetworkSpec, data: ExperimentData, options: RunOptions,
                             progress: ProgressReporter) throws -> TrainingOutcome {
        let trainMatrix = ExperimentData.encode(data.train, data.encoding)
        var state: TrainingState
        var history: [EpochReport] = []
        if options.resume {
            let saved = try Checkpoint.read(directory: spec.outputDirectory)
            let path = (spec.outputDirectory as NSString).appendingPathComponent(Checkpoint.fileName)
            guard saved.state.parameters.neuronCount == spec.neurons, saved.seed == spec.seed,
                  saved.state.chains.cols == spec.training.batchSize, saved.networkName == spec.name else {
                throw InputError(file: path, place: "header",
                                 expected: "a checkpoint of network \"\(spec.name)\" with \(spec.neurons) neurons, seed \(spec.seed) and \(spec.training.batchSize) chains; found \"\(saved.networkName)\", \(saved.state.parameters.neuronCount) neurons, seed \(saved.seed), \(saved.state.chains.cols) chains")
            }
            state = saved.state
            history = saved.history
            progress.log("resuming \(spec.name) from epoch \(state.epoch) (\(path))")
        } else {
            state = .initial(parameters: initialParameters(spec) { trainMatrix }, chains: spec.training.batchSize, seed: spec.seed)
        }
        var trainer = Trainer(configuration: spec.training, data: trainMatrix, state: state)
        let firstEpoch = trainer.state.epoch
        var interrupted = false
        func checkpoint() throws {
            try Checkpoint.write(.init(state: trainer.state, history: history, networkName: spec.name, seed: spec.seed),
                                 directory: spec.outputDirectory)
        }
        while trainer.state.epoch < spec.epochs {
            if spec.learningRateDecay != 1 {
                trainer = Trainer(configuration: scheduled(spec, epoch: trainer.state.epoch), data: trainMatrix,
                                  state: trainer.state)
            }
            let report: EpochReport
            do {
                report = try trainer.trainEpoch()
            } catch let blowUp as NumericalBlowUp {
                progress.log("stopped: \(blowUp). The last good checkpoint (if any) is kept in \(spec.outputDirectory).")
                throw blowUp
            }
            history.append(report)
            progress.epoch(report, of: spec.epochs, firstEpoch: firstEpoch)
            if spec.checkpointEvery > 0 && trainer.state.epoch % spec.checkpointEvery == 0 { try checkpoint() }
            if StopRequest.isRequested {
                try checkpoint()
                progress.log("interrupted after epoch \(trainer.state.epoch); checkpoint written. Resume with: nlm run \(spec.file) --resume"
                             + (spec.outputDirectory != "runs/\(spec.name)" ? " --out \(spec.outputDirectory)" : ""))
                interrupted = true
                break
            }
        }
        if !interrupted && spec.checkpointEvery > 0 { try checkpoint() }
        return TrainingOutcome(state: trainer.state, history: history, interrupted: interrupted)
    }
}
