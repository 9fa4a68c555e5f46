import DenseKernels
import FileFormats
import LangevinMachine
import NeuralAgents

/// Which engine trains a network: the dense synchronous trainer, or the event-driven engine with or without
/// global wake/sleep phases. The phase check and the hypothesis harness train through this one function.
public enum TrainingEngine: String, Sendable, CaseIterable {
    case dense
    case eventsPhaseFree = "events-phase-free"
    case eventsGlobalPhases = "events-global-phases"

    /// Trains `initial` on `data` (encoded samples, one per row) for `spec.epochs` epochs. The dense trainer
    /// follows the spec's per-epoch learning-rate decay; the event engine implements plain local descent
    /// with a constant step, so it rejects other optimisers and a decay.
    /// `afterEpoch` (dense only) sees the state after every epoch: the epoch count, updates so far and parameters.
    public func train(_ spec: NetworkSpec, data: Matrix, initial: Parameters, clock: NeuronClock? = nil,
                      afterEpoch: ((Int, Int, Parameters) throws -> Void)? = nil)
        throws -> (parameters: Parameters, reports: [EpochReport]) {
        switch self {
        case .dense:
            // One trainer while the step is constant; a new one (same state) whenever the schedule changes it.
            var trainer = Trainer(configuration: TrainingRun.scheduled(spec, epoch: 0), data: data,
                                  state: .initial(parameters: initial, chains: spec.training.batchSize, seed: spec.seed))
            var reports: [EpochReport] = []
            for epoch in 0..<spec.epochs {
                let configuration = TrainingRun.scheduled(spec, epoch: epoch)
                if configuration != trainer.configuration {
                    trainer = Trainer(configuration: configuration, data: data, state: trainer.state)
                }
                reports.append(try trainer.trainEpoch())
                try afterEpoch?(epoch + 1, trainer.state.update, trainer.state.parameters)
            }
            return (trainer.state.parameters, reports)
        case .eventsPhaseFree, .eventsGlobalPhases:
            try validate(spec)
            var configuration = EventTrainingConfiguration(training: spec.training)
            configuration.schedule = self == .eventsPhaseFree ? .phaseFree : .globalPhases
            configuration.clock = clock
            let (p, reports) = try EventTrainer.train(parameters: initial, configuration: configuration, data: data,
                                                      epochs: spec.epochs)
            return (p, reports)
        }
    }

    /// Throws if this engine cannot train `spec` (before any work is done).
    public func validate(_ spec: NetworkSpec) throws {
        guard self != .dense else { return }
        guard case .gradientDescent = spec.training.optimizer else {
            throw InputError(file: spec.file, place: "training.optimizer.kind",
                             expected: "\"descent\" (the event-driven trainer implements plain local descent)")
        }
        guard spec.learningRateDecay == 1 else {
            throw InputError(file: spec.file, place: "training.learningRateDecay",
                             expected: "1 for the event-driven engine (it keeps a constant step)")
        }
        guard !spec.model.symmetric else {
            throw InputError(file: spec.file, place: "model.symmetric",
                             expected: "false for the event-driven engine (a symmetric projection is not local)")
        }
    }
}
