import LangevinMachine

/// How a neuron's output reaches its targets.
public enum Transmission: Sendable, Equatable {
    /// Graded send-on-delta events: a neuron sends Δφ when its rate moved by more than `delta` since the last
    /// value it sent (and Δr likewise for error events). δ = 0 sends every change and reproduces the dense
    /// dynamics.
    case graded(delta: Float)
    /// Poisson spikes at rate r_max(1 + φ)/2 (drawn by thinning a rate-r_max process, Lewis & Shedler 1979),
    /// filtered by an exponential synaptic trace with time constant τ: the postsynaptic estimate of φⱼ is
    /// φ̂ⱼ = 2aⱼ/r_max − 1 with aⱼ(t) = Σ_spikes e^{−(t−t_s)/τ}/τ, unbiased in the stationary state
    /// (E aⱼ = r_max(1 + φⱼ)/2). Errors stay graded (δ = 0).
    case spiking(maxRate: Float, traceTime: Float)

    /// The send-on-delta threshold (0 in spiking mode, where errors are graded and exact).
    public var delta: Float {
        if case let .graded(d) = self { return d }
        return 0
    }
}

/// The settings of an event-driven network run.
public struct AgentConfiguration: Sendable, Equatable {
    /// Temperature T of the Langevin noise.
    public var temperature: Float = 1
    /// When neurons update.
    public var clock: NeuronClock = .fixed(interval: 0.01)
    public var transmission: Transmission = .graded(delta: 0)
    /// Seed of every random stream (noise, clocks, spikes).
    public var seed: UInt64 = 1
    /// The stream family of the SDE noise (`.samplingNoise` for sampling, `.trainingNoise` for the chains of
    /// training, matching the dense trainer).
    public var noisePurpose: RandomPurpose = .samplingNoise
    /// Global number of the first chain (the noise index), as in ``NoiseSource/firstChain``.
    public var firstChain: UInt64 = 0
    /// Noise step number of every neuron's first integration, as `firstStep` of ``DenseDynamics/run``.
    public var firstStep: UInt64 = 0
    /// Processing order of agents at equal times.
    public var tieOrder: TieOrder = .neuronIndex

    public init() {}

    /// The send-on-delta threshold (0 in spiking mode, where errors are graded and exact).
    public var delta: Float { transmission.delta }
}

/// Counters of what a run did.
public struct EventStatistics: Sendable, Equatable {
    /// Events handled, by ``EventKind`` raw value.
    public var events: [Int] = Array(repeating: 0, count: EventKind.allCases.count)
    /// Integrations of the free-running compartment (one per neuron per update).
    public var neuronUpdates: Int = 0
    /// Chain values sent in forward (Δφ) and error (Δr) events.
    public var forwardValues: Int = 0
    public var errorValues: Int = 0
    /// Spikes emitted (spiking mode).
    public var spikes: Int = 0

    public init() {}

    public var totalEvents: Int { events.reduce(0, +) }
}
