/// A discrete-event scheduler: a clock, a priority queue of events and the counters that make their order
/// deterministic.
///
/// Ties are broken by `(kind, rank, sequence)` (see ``Event``). `rank` is the neuron's position in the tie
/// order: the identity by default, or any permutation (``TieOrder``), which the tests use to show that the
/// engine's results do not depend on the order in which agents at equal times are processed.
public struct Scheduler<Queue: EventQueue>: Sendable {
    public private(set) var now: Double
    public private(set) var processed: Int = 0
    var queue = Queue()
    var nextSequence: UInt64 = 0
    var rank: [Int32]

    /// - Parameters:
    ///   - start: the initial time.
    ///   - tieRank: position of each neuron in the tie order (a permutation of 0..<N), or empty for the identity.
    public init(start: Double = 0, tieRank: [Int32] = []) {
        now = start
        rank = tieRank
    }

    public var pending: Int { queue.count }

    /// Schedules an event at `time` (never earlier than `now`).
    public mutating func schedule(_ kind: EventKind, at time: Double, neuron: Int = 0, chain: Int = 0) {
        let r = rank.isEmpty ? neuron : Int(rank[neuron])
        queue.push(Event(time: Swift.max(time, now), kind: kind, neuron: neuron, rank: r, sequence: nextSequence,
                         chain: chain))
        nextSequence &+= 1
    }

    /// The next event, without removing it.
    public func peek() -> Event? { queue.peekMin() }

    /// Pops the next event if it is due no later than `limit`, and advances the clock to its time.
    public mutating func next(until limit: Double) -> Event? {
        guard let head = queue.peekMin(), head.time <= limit else { return nil }
        let e = queue.popMin()!
        now = e.time
        processed &+= 1
        return e
    }

    /// Advances the clock to `time` when no event is due before it.
    public mutating func advance(to time: Double) {
        if time > now { now = time }
    }

    /// Handles every event due no later than `time` with `handler` (which may schedule more), then sets the
    /// clock to `time`. Returns the number of events handled.
    @discardableResult
    public mutating func run(until time: Double, _ handler: (inout Scheduler, Event) -> Void) -> Int {
        var handled = 0
        while let e = next(until: time) {
            handler(&self, e)
            handled += 1
        }
        advance(to: time)
        return handled
    }

    /// `run(until: now + duration)`.
    @discardableResult
    public mutating func run(for duration: Double, _ handler: (inout Scheduler, Event) -> Void) -> Int {
        run(until: now + duration, handler)
    }
}

/// The order in which agents with events at the same time and of the same kind are processed.
public enum TieOrder: Sendable, Equatable {
    /// By neuron index.
    case neuronIndex
    /// By a random permutation of the neurons drawn from `seed` (for order-independence tests).
    case shuffled(seed: UInt64)
}
