import DenseKernels
import Foundation
import LangevinMachine

/// Why event-driven training stopped.
public struct EventTrainingError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Settings of event-driven training on top of the dense trainer's hyperparameters.
public struct EventTrainingConfiguration: Sendable {
    /// Temperature, dt, n_t, batch size (= number of chains and of stimulus channels), optimiser (plain
    /// gradient descent only: its step and decay become the rule's rates), diagonal and seed.
    public var training: TrainingConfiguration
    public var schedule: LearningScheduleKind = .phaseFree
    /// nil: a fixed clock of interval dt (synchronous). `.poisson(meanInterval: dt)` for fully asynchronous
    /// agents.
    public var clock: NeuronClock?
    /// Send-on-delta threshold δ.
    public var delta: Float = 0
    /// Records every read of the plasticity rule (tests).
    public var audit: LocalityAudit?

    public init(training: TrainingConfiguration) { self.training = training }
}

/// Phase-free (concurrent compartments) or classic wake/sleep with a global phase signal.
public enum LearningScheduleKind: String, Sendable, CaseIterable {
    case phaseFree = "phase-free"
    case globalPhases = "global-phases"
}

/// Maximum-likelihood training of an NLM by neuron agents with local plasticity.
///
/// Each neuron has a free-running compartment (B persistent chains, noise stream `trainingNoise`, initial
/// state the dense trainer's) and an evoked compartment (B stimulus channels showing the dense trainer's
/// batches in its order). Budget: one dense update (n_t chain steps) corresponds to a period
/// D = n_t·dt of free-running time, so an epoch (⌈M/B⌉ updates) is ⌈M/B⌉·D and both paths make the same
/// expected number of neuron updates. Phase-free: both compartments run throughout and synapses apply
/// ``PhaseFreeNLMRule`` at every update of their neuron, η = k/(T·D). Global phases: wake and sleep phases
/// of length D alternate (``WakeSleepNLMRule``), so an epoch takes 2⌈M/B⌉·D of simulated time with the same
/// free-running budget.
///
/// At the end of each period the trainer measures, like the dense trainer, the moment mismatch
/// mean((⟨rφᵀ⟩_model − ⟨rφᵀ⟩_data)²)/T² between the current chains and the batch shown (a dense monitor,
/// not part of the agents' computation).
public struct EventTrainer: Sendable {
    public let configuration: EventTrainingConfiguration
    public private(set) var network: AgentNetwork
    public private(set) var epoch = 0
    let period: Double
    let batches: Int

    public init(configuration: EventTrainingConfiguration, data: Matrix, parameters: Parameters) throws {
        let t = configuration.training
        guard data.cols == parameters.neuronCount else {
            throw EventTrainingError("data has \(data.cols) values per sample, the model \(parameters.neuronCount) neurons")
        }
        guard t.batchSize >= 1, t.batchSize <= data.rows else {
            throw EventTrainingError("batch size \(t.batchSize) must be between 1 and the number of samples \(data.rows)")
        }
        guard case let .gradientDescent(k, decay) = t.optimizer else {
            throw EventTrainingError("event-driven training supports the gradient-descent optimiser only (Adam's moments are not a local rule here)")
        }
        self.configuration = configuration
        let d = Double(t.chainSteps) * Double(t.dt)
        var agents = AgentConfiguration()
        agents.temperature = t.temperature
        agents.clock = configuration.clock ?? .fixed(interval: t.dt)
        agents.transmission = .graded(delta: configuration.delta)
        agents.seed = t.seed
        agents.noisePurpose = .trainingNoise
        let chains = gaussianMatrix(rows: parameters.neuronCount, cols: t.batchSize, seed: t.seed, purpose: .chainInit)
        network = AgentNetwork(parameters: parameters, configuration: agents, state: chains)
        let eta = k / (t.temperature * Float(d)), lambda = decay / Float(d)
        switch configuration.schedule {
        case .phaseFree:
            period = d
            network.attach(stimulus: StimulusSchedule(data: data, channels: t.batchSize, dwell: d, seed: t.seed))
            network.attach(rule: PhaseFreeNLMRule(learningRate: eta, decay: lambda), schedule: .phaseFree,
                           learnDiagonal: t.learnDiagonal, audit: configuration.audit)
        case .globalPhases:
            period = 2 * d
            network.attach(stimulus: StimulusSchedule(data: data, channels: t.batchSize, dwell: d, period: 2 * d, seed: t.seed))
            network.attach(rule: WakeSleepNLMRule(learningRate: eta, decay: lambda), schedule: .globalPhases(duration: d),
                           learnDiagonal: t.learnDiagonal, audit: configuration.audit)
        }
        batches = network.stimulus!.batchesPerEpoch
    }

    public var parameters: Parameters { network.parameters }

    /// Runs one epoch (⌈M/B⌉ periods) and reports the mean of the per-period monitors.
    public mutating func trainEpoch() throws -> EpochReport {
        let clockStart = Date()
        let t = configuration.training.temperature
        var mismatch = 0.0, dataEnergy = 0.0, chainEnergy = 0.0
        for b in 0..<batches {
            let g = epoch * batches + b
            let end = Double(g + 1) * period
            network.run(until: end - 1e-9 * period)
            // Dense monitor: the batch shown during period g against the current chains.
            let p = network.parameters
            guard p.isFinite else { throw EventTrainingError("couplings became non-finite at epoch \(epoch + 1), period \(b + 1): the learning rate or dt is probably too large") }
            let dyn = DenseDynamics(parameters: p, temperature: t, dt: configuration.training.dt)
            var gradient = LikelihoodGradient(neurons: p.neuronCount)
            let chains = network.membranes(.spontaneous)
            var work = BatchWorkspace(neurons: p.neuronCount, columns: chains.cols)
            let eModel = dyn.accumulate(chains, weight: 1 / (t * Float(chains.cols)), into: &gradient, workspace: &work)
            let batch = network.stimulus!.batchMatrix(g)
            let eData = dyn.accumulate(batch, weight: -1 / (t * Float(batch.cols)), into: &gradient, workspace: &work)
            let m = gradient.meanSquare
            guard m.isFinite, eModel.isFinite else {
                throw EventTrainingError("numerical blow-up at epoch \(epoch + 1), period \(b + 1): the chains' state is not finite")
            }
            mismatch += Double(m)
            dataEnergy += Double(eData)
            chainEnergy += Double(eModel)
        }
        network.run(until: Double((epoch + 1) * batches) * period)
        epoch += 1
        let u = Double(batches)
        return EpochReport(epoch: epoch, updates: batches, mismatch: Float(mismatch / u), dataEnergy: Float(dataEnergy / u),
                           chainEnergy: Float(chainEnergy / u), seconds: Date().timeIntervalSince(clockStart))
    }

    /// Trains for `epochs` epochs (the dense trainer's budget in neuron updates) and returns the final
    /// parameters with the per-epoch reports.
    public static func train(parameters: Parameters, configuration: EventTrainingConfiguration, data: Matrix,
                             epochs: Int) throws -> (parameters: Parameters, reports: [EpochReport]) {
        var trainer = try EventTrainer(configuration: configuration, data: data, parameters: parameters)
        var reports: [EpochReport] = []
        for _ in 0..<epochs { reports.append(try trainer.trainEpoch()) }
        return (trainer.parameters, reports)
    }
}
