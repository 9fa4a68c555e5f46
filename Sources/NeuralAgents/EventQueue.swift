/// A priority queue of events that pops them in the order of ``Event/<(_:_:)``.
///
/// Two implementations: ``QuaternaryHeap`` (the default, faster on every workload measured) and
/// ``CalendarQueue``. Measured with `swift run -c release AgentBench queues` on this machine (2 vCPU Zen 4):
/// see ``DefaultEventQueue``.
public protocol EventQueue: Sendable {
    init()
    /// Number of events held.
    var count: Int { get }
    /// Adds an event. - Complexity: O(log n) for the heap, O(1) expected for the calendar queue.
    mutating func push(_ event: Event)
    /// Removes and returns the smallest event, or nil when empty.
    mutating func popMin() -> Event?
    /// The smallest event without removing it.
    func peekMin() -> Event?
    /// Removes every event.
    mutating func removeAll()
}

extension EventQueue {
    @inlinable public var isEmpty: Bool { count == 0 }
}

/// The queue the engine uses: ``SortedRunQueue`` (this heap plus an in-order run, which takes the periodic
/// clocks' update events in O(1)). Before it, the 4-ary heap. Measured (release, one Zen 4 core, `AgentBench queues` in the
/// helper's scratch package): hold model with exponential increments (pop one, push its successor; the
/// timing includes one log per operation), 1 000 / 10 000 / 100 000 pending: heap 4.0 / 3.3 / 2.4 M holds/s,
/// calendar 4.1 / 3.0 / 1.7; synchronous ticks (update → forward → error at equal times), 100 / 784
/// neurons: heap 14.3 / 9.2 M events/s, calendar 9.5 / 2.4 (ties pile into one bucket). The heap is as
/// fast on sparse times and much faster with ties.
public typealias DefaultEventQueue = SortedRunQueue

/// An implicit 4-ary min-heap (children of slot i are 4i+1 … 4i+4). Compared with a binary heap it halves
/// the depth and keeps the four children in one or two cache lines; sift-down compares them in one pass.
/// - Complexity: push O(log₄ n), pop O(4 log₄ n) comparisons.
public struct QuaternaryHeap: EventQueue {
    @usableFromInline var storage: ContiguousArray<Event> = []

    public init() {}

    @inlinable public var count: Int { storage.count }

    @inlinable public func peekMin() -> Event? { storage.first }

    public mutating func removeAll() { storage.removeAll(keepingCapacity: true) }

    @inlinable
    public mutating func push(_ event: Event) {
        storage.append(event)
        storage.withUnsafeMutableBufferPointer { heap in
            var hole = heap.count &- 1
            while hole > 0 {
                let parent = (hole &- 1) >> 2
                guard event < heap[parent] else { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = event
        }
    }

    @inlinable
    public mutating func popMin() -> Event? {
        guard let last = storage.popLast() else { return nil }
        if storage.isEmpty { return last }
        return storage.withUnsafeMutableBufferPointer { heap -> Event in
            let top = heap[0]
            let n = heap.count
            var hole = 0
            while true {
                let first = hole &* 4 &+ 1
                if first >= n { break }
                var best = first
                let end = Swift.min(first &+ 4, n)
                var c = first &+ 1
                while c < end {
                    if heap[c] < heap[best] { best = c }
                    c &+= 1
                }
                guard heap[best] < last else { break }
                heap[hole] = heap[best]
                hole = best
            }
            heap[hole] = last
            return top
        }
    }
}
