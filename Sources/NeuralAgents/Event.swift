/// What an event does. The raw value is the second sort key: at equal times, events are handled in the order
/// of their kinds, which is what makes a synchronous clock reproduce the dense (Jacobi) step: every neuron
/// first integrates from the inputs of the previous tick (`update`), then all send their new rates
/// (`forward`), then all send their new errors, computed from complete drives (`error`), then synapses learn
/// (`plasticity`), and recorders sample the finished tick last.
public enum EventKind: UInt8, Sendable, CaseIterable, Comparable {
    /// A global signal (the wake/sleep switch of the phase-based learner).
    case phase = 0
    /// A neuron integrates its SDE over its elapsed interval (and its evoked compartment takes its stimulus).
    case update = 1
    /// A neuron sends Δφ to its postsynaptic targets.
    case forward = 2
    /// A neuron sends Δr back through its incoming synapses (the Onsager feedback).
    case error = 3
    /// A neuron's incoming synapses apply their plasticity rule.
    case plasticity = 4
    /// A candidate spike of one chain of a neuron (spiking transmission, thinned Poisson process).
    case spike = 5
    /// A recorder samples the state.
    case record = 6

    public static func < (a: EventKind, b: EventKind) -> Bool { a.rawValue < b.rawValue }
}

/// A timestamped event. Events are totally ordered by `(time, kind, rank, sequence)`, where `rank` is the
/// neuron's position in the tie order (by default its index) and `sequence` counts scheduled events, so
/// every run of the scheduler is deterministic.
///
/// Layout: 24 bytes. `key` packs `kind` (4 bits) `<< 60 | rank` (20 bits) `<< 40 | sequence` (40 bits),
/// so ties are broken by one integer comparison. The sequence wraps after 2⁴⁰ ≈ 1.1·10¹² events; a wrap can
/// only reorder events that share time, kind and neuron.
public struct Event: Sendable, Equatable, Comparable {
    public var time: Double
    public var key: UInt64
    /// The neuron the event belongs to (0 for global events).
    public var neuron: Int32
    /// The chain (copy of the network) the event concerns, for per-chain events such as spikes; else 0.
    public var chain: Int32

    public static let maxRank = 1 << 20
    static let sequenceMask: UInt64 = (1 << 40) - 1

    @inlinable
    public init(time: Double, kind: EventKind, neuron: Int, rank: Int, sequence: UInt64, chain: Int = 0) {
        self.time = time
        self.key = UInt64(kind.rawValue) << 60 | UInt64(rank & (Event.maxRank - 1)) << 40 | (sequence & ((1 << 40) - 1))
        self.neuron = Int32(truncatingIfNeeded: neuron)
        self.chain = Int32(truncatingIfNeeded: chain)
    }

    @inlinable public var kind: EventKind { EventKind(rawValue: UInt8(truncatingIfNeeded: key >> 60)) ?? .record }
    @inlinable public var rank: Int { Int((key >> 40) & UInt64(Event.maxRank - 1)) }
    @inlinable public var sequence: UInt64 { key & ((1 << 40) - 1) }

    @inlinable @inline(__always)
    public static func < (a: Event, b: Event) -> Bool {
        a.time < b.time || (a.time == b.time && a.key < b.key)
    }
}
