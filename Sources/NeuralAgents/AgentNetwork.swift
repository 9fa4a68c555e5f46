import DenseKernels
import LangevinMachine

/// A Neural Langevin Machine in which every neuron is an agent that talks to the others only through
/// events.
///
/// Neuron i owns its membrane xᵢ, its rate φ(xᵢ), its clock (``NeuronClock``) and the accumulators of what
/// it received: the forward drive hᵢ = Σⱼ Jᵢⱼ φⱼ (from Δφ events of its presynaptic partners) and the
/// feedback fᵢ = Σₖ Jₖᵢ rₖ (from Δr error events of its targets, sent back through the same synapses). At
/// each of its updates it integrates its own SDE over its own elapsed interval Δ with
/// ``NeuronDynamics/eulerMaruyama(membrane:residual:slope:feedback:dt:noiseScale:noise:)`` — the same
/// formula as the dense path — with the noise value of stream (purpose, its own update count, i) at index
/// chain. Then (events of the same time, ordered by kind) it sends Δφ to its targets if its rate moved by
/// more than δ, and its residual rᵢ = xᵢ − hᵢ − bᵢ back to its sources if that moved by more than δ.
///
/// One network hosts B independent chains (copies of the network): each agent's state is a small vector
/// over chains and each event carries one value per chain, so a batch of chains runs through one event
/// stream. With a synchronous clock and δ = 0 the run reproduces ``DenseDynamics`` step for step (same
/// noise; sums in another order).
///
/// Optionally the network has a second, evoked compartment per neuron whose membrane follows stimulus events
/// (``StimulusSchedule``) and synapses that learn (``PlasticityRule``); see ``EventTrainer``.
public struct AgentNetwork: Sendable {
    public let neuronCount: Int
    public let configuration: AgentConfiguration
    /// Synaptic weights, owned by the synapses: entry i·N + j is the weight of synapse i ← j (Jᵢⱼ).
    public internal(set) var weights: [Float]
    public internal(set) var bias: [Float]
    let hasBias: Bool
    var spontaneous: Compartment
    var evoked: Compartment?
    var scheduler: Scheduler<DefaultEventQueue>
    let start: Double
    /// The interval each neuron will integrate over at its next update (drawn when it was scheduled).
    var pendingInterval: [Float]
    /// Updates done by each neuron (addresses its clock draws) and integrations of its free-running
    /// compartment (addresses its noise).
    var clockCount: [UInt64]
    var noiseCount: [UInt64]
    var stimulus: StimulusSchedule?
    var learning: LearningState?
    var spikes: SpikeState?
    /// Whether `spikes` / `learning` are set (plain flags: the per-update checks avoid inspecting the optionals).
    let spiking: Bool
    var plastic = false
    /// The global learning phase (only the phase-based learner changes it).
    public internal(set) var phase: LearningPhase = .concurrent
    public var recorder: TraceRecorder?
    public internal(set) var statistics = EventStatistics()
    /// Per-update scratch: the noise of every chain.
    var deltaScratch: [Float]
    /// Buffers of batched event delivery.
    var delivery = DeliveryScratch()

    /// A free-running network.
    ///
    /// - Parameters:
    ///   - parameters: couplings J (synapse i ← j at row i, column j; a non-zero diagonal is simulated as
    ///     self-synapses) and bias b.
    ///   - state: initial membranes, N × B (chains as columns, as for ``DenseDynamics``).
    ///   - start: the initial time.
    public init(parameters: Parameters, configuration: AgentConfiguration, state: Matrix, start: Double = 0) {
        precondition(state.rows == parameters.neuronCount, "state has \(state.rows) rows, model \(parameters.neuronCount) neurons")
        precondition(parameters.neuronCount <= Event.maxRank && parameters.neuronCount <= NoiseStreams.maxNeurons,
                     "at most \(Event.maxRank) neurons")
        let n = parameters.neuronCount, b = state.cols
        neuronCount = n
        self.configuration = configuration
        weights = parameters.couplings.storage
        bias = parameters.bias
        hasBias = parameters.hasBias
        spontaneous = Compartment(role: .spontaneous, neurons: n, chains: b, membrane: state.storage)
        self.start = start
        var tieRank: [Int32] = []
        if case let .shuffled(seed) = configuration.tieOrder {
            let order = Trainer.sampleOrder(count: n, epoch: 0, seed: seed)
            tieRank = [Int32](repeating: 0, count: n)
            for (position, neuron) in order.enumerated() { tieRank[neuron] = Int32(position) }
        }
        scheduler = Scheduler(start: start, tieRank: tieRank)
        pendingInterval = [Float](repeating: 0, count: n)
        clockCount = [UInt64](repeating: 0, count: n)
        noiseCount = [UInt64](repeating: 0, count: n)
        deltaScratch = [Float](repeating: 0, count: max(b, 1))
        if case .spiking = configuration.transmission { spiking = true } else { spiking = false }
        if case let .spiking(maxRate, traceTime) = configuration.transmission {
            precondition(maxRate > 0 && traceTime > 0, "spiking needs a positive maximum rate and trace time")
            spikes = SpikeState(neurons: n, chains: b, weights: weights, start: start)
        }
    }

    /// Adds the evoked compartment, driven by `stimulus` (its channel count is its number of chains).
    public mutating func attach(stimulus: StimulusSchedule) {
        precondition(stimulus.neurons == neuronCount, "stimulus has \(stimulus.neurons) neurons, model \(neuronCount)")
        precondition(scheduler.processed == 0, "attach the stimulus before the first run")
        var values = [Float](repeating: 0, count: neuronCount * stimulus.channels)
        let shown = stimulus.samples(ofBatch: stimulus.batch(at: start))
        for i in 0..<neuronCount {
            for c in 0..<stimulus.channels { values[i * stimulus.channels + c] = stimulus.value(neuron: i, sample: shown[c]) }
        }
        evoked = Compartment(role: .evoked, neurons: neuronCount, chains: stimulus.channels, membrane: values)
        self.stimulus = stimulus
        if deltaScratch.count < stimulus.channels {
            deltaScratch = [Float](repeating: 0, count: stimulus.channels)
        }
    }

    /// The current time.
    public var now: Double { scheduler.now }
    /// Events waiting in the queue.
    public var pendingEvents: Int { scheduler.pending }

    /// Number of chains of a compartment.
    public func chains(_ role: CompartmentRole = .spontaneous) -> Int {
        role == .spontaneous ? spontaneous.chains : (evoked?.chains ?? 0)
    }

    /// Membranes of a compartment as an N × B matrix (chains as columns).
    public func membranes(_ role: CompartmentRole = .spontaneous) -> Matrix {
        let c = compartment(role)
        return Matrix(rows: neuronCount, cols: c.chains, storage: c.membrane)
    }

    /// The drives hᵢ as received (N × B).
    public func drives(_ role: CompartmentRole = .spontaneous) -> Matrix {
        let c = compartment(role)
        return Matrix(rows: neuronCount, cols: c.chains, storage: c.drive)
    }

    /// The feedback fᵢ as received (N × B).
    public func feedbacks() -> Matrix {
        Matrix(rows: neuronCount, cols: spontaneous.chains, storage: spontaneous.feedback)
    }

    func compartment(_ role: CompartmentRole) -> Compartment {
        if role == .evoked, let e = evoked { return e }
        precondition(role == .spontaneous, "the network has no evoked compartment")
        return spontaneous
    }

    /// The current couplings and bias.
    public var parameters: Parameters {
        Parameters(couplings: Matrix(rows: neuronCount, cols: neuronCount, storage: weights), bias: hasBias ? bias : nil)
    }
}
