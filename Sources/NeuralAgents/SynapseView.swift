/// A read-only vector over the chains of one signal of one neuron compartment (B values).
///
/// It exposes values, not storage: a rule cannot reach any other neuron through it.
public struct ChainSignal {
    let base: UnsafePointer<Float>
    public let count: Int

    init(_ base: UnsafePointer<Float>, count: Int) {
        self.base = base
        self.count = count
    }

    @inlinable public subscript(chain: Int) -> Float {
        precondition(chain >= 0 && chain < count, "chain \(chain) out of 0..<\(count)")
        return _value(chain)
    }

    @usableFromInline func _value(_ c: Int) -> Float { base[c] }

    /// Σ_c self[c]·other[c] (the shorter length), eight accumulators in a fixed order.
    public func dot(_ other: ChainSignal) -> Float {
        SynapticKernels.dot(base, other.base, count: min(count, other.count))
    }

    /// Σ_c self[c].
    public func sum() -> Float {
        var s: Float = 0
        for c in 0..<count { s += base[c] }
        return s
    }
}

/// What a synapse is allowed to read, for the locality audit.
public enum SignalName: String, Sendable, Hashable, CaseIterable {
    case rate, membrane, drive, residual, weight, bias, elapsed, time, phase
}

/// One read performed by a plasticity rule: which synapse was being updated (post ← pre; pre = −1 for a
/// bias), which neuron's signal was read (−1 for the synapse's own weight or clock) and which signal.
public struct SignalRead: Sendable, Hashable {
    public var post: Int
    public var pre: Int
    public var neuron: Int
    public var signal: SignalName
    public var compartment: CompartmentRole?
}

/// A log of every read a plasticity rule makes through its views (enable it for tests: it costs a
/// reference-counted append per read).
public final class LocalityAudit: @unchecked Sendable {
    public private(set) var reads: [SignalRead] = []
    public init() {}
    func record(_ read: SignalRead) { reads.append(read) }
}

/// What a synapse receives from its presynaptic neuron: the rate the neuron last transmitted (per chain),
/// in each compartment.
public struct PresynapticSignals {
    public let neuron: Int
    let post: Int
    let evokedRate: ChainSignal
    let spontaneousRate: ChainSignal
    let audit: LocalityAudit?

    /// φⱼ as received by this synapse.
    public func rate(_ role: CompartmentRole) -> ChainSignal {
        audit?.record(SignalRead(post: post, pre: neuron, neuron: neuron, signal: .rate, compartment: role))
        return role == .evoked ? evokedRate : spontaneousRate
    }
}

/// What a synapse sees of its postsynaptic neuron (the neuron it sits on): membrane xᵢ, drive hᵢ,
/// residual rᵢ = xᵢ − hᵢ − bᵢ and rate φ(xᵢ) of each compartment, and the learning phase the neuron last
/// received (a global signal: only the phase-based learner reads it).
public struct PostsynapticSignals {
    public let neuron: Int
    let pre: Int
    let evoked: (membrane: ChainSignal, drive: ChainSignal, residual: ChainSignal, rate: ChainSignal)
    let spontaneous: (membrane: ChainSignal, drive: ChainSignal, residual: ChainSignal, rate: ChainSignal)
    let currentPhase: LearningPhase
    let audit: LocalityAudit?

    func note(_ s: SignalName, _ role: CompartmentRole?) {
        audit?.record(SignalRead(post: neuron, pre: pre, neuron: neuron, signal: s, compartment: role))
    }

    public func membrane(_ role: CompartmentRole) -> ChainSignal {
        note(.membrane, role); return role == .evoked ? evoked.membrane : spontaneous.membrane
    }
    public func drive(_ role: CompartmentRole) -> ChainSignal {
        note(.drive, role); return role == .evoked ? evoked.drive : spontaneous.drive
    }
    public func residual(_ role: CompartmentRole) -> ChainSignal {
        note(.residual, role); return role == .evoked ? evoked.residual : spontaneous.residual
    }
    public func rate(_ role: CompartmentRole) -> ChainSignal {
        note(.rate, role); return role == .evoked ? evoked.rate : spontaneous.rate
    }
    /// The global wake/sleep signal as last received by this neuron.
    public var phase: LearningPhase { note(.phase, nil); return currentPhase }
}

/// Everything a plasticity rule is handed for synapse (i ← j): its presynaptic neuron's signals, its
/// postsynaptic neuron's signals, its own weight and its own clock. Nothing else is reachable.
public struct SynapseView {
    public let presynaptic: PresynapticSignals
    public let postsynaptic: PostsynapticSignals
    let ownWeight: Float
    let now: Double
    let sinceLastUpdate: Float
    let audit: LocalityAudit?

    /// Jᵢⱼ.
    public var weight: Float {
        audit?.record(SignalRead(post: postsynaptic.neuron, pre: presynaptic.neuron, neuron: -1, signal: .weight, compartment: nil))
        return ownWeight
    }
    /// The time of this update.
    public var time: Double {
        audit?.record(SignalRead(post: postsynaptic.neuron, pre: presynaptic.neuron, neuron: -1, signal: .time, compartment: nil))
        return now
    }
    /// Time since this synapse last updated.
    public var elapsed: Float {
        audit?.record(SignalRead(post: postsynaptic.neuron, pre: presynaptic.neuron, neuron: -1, signal: .elapsed, compartment: nil))
        return sinceLastUpdate
    }
}

/// What a rule is handed for the bias of neuron i: the neuron's own signals, its bias and its clock.
public struct BiasView {
    public let postsynaptic: PostsynapticSignals
    let ownBias: Float
    let sinceLastUpdate: Float
    let audit: LocalityAudit?

    public var bias: Float {
        audit?.record(SignalRead(post: postsynaptic.neuron, pre: -1, neuron: -1, signal: .bias, compartment: nil))
        return ownBias
    }
    public var elapsed: Float {
        audit?.record(SignalRead(post: postsynaptic.neuron, pre: -1, neuron: -1, signal: .elapsed, compartment: nil))
        return sinceLastUpdate
    }
}

/// A local plasticity rule: given only a ``SynapseView`` it returns the change of that synapse's weight
/// (and, given a ``BiasView``, of the neuron's bias).
public protocol PlasticityRule: Sendable {
    func weightChange(_ synapse: SynapseView) -> Float
    func biasChange(_ neuron: BiasView) -> Float
}

/// How learning is organised in time.
public enum LearningSchedule: Sendable, Equatable {
    /// Both compartments run concurrently; no global signal.
    case phaseFree
    /// A global signal alternates wake (evoked compartments on) and sleep (free-running on) phases of
    /// `duration` each.
    case globalPhases(duration: Double)
}

/// The global learning phase.
public enum LearningPhase: Sendable, Hashable {
    /// No phases (phase-free learning, or sampling).
    case concurrent
    case wake
    case sleep
}
