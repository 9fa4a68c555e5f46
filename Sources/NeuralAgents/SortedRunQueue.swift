/// A priority queue for event streams that are mostly produced in order: a first-in-first-out run that
/// takes every event not smaller than its last one, and a ``QuaternaryHeap`` for the others. Pop compares the
/// two heads, so the events come out in exactly the order of ``Event/<(_:_:)`` (a merge of two ordered
/// sources).
///
/// With a periodic clock each neuron's next update (at t + Δ) is scheduled in rank order while the events
/// at t are handled, so all of them enter the run in O(1) and leave it in O(1), instead of costing a
/// sift-down of the heap each; the sends of the same tick (at t, smaller than the run's tail) go to the heap.
/// - Complexity: push O(1) into the run, else O(log₄ n); pop O(1) from the run, else O(4 log₄ n).
public struct SortedRunQueue: EventQueue {
    @usableFromInline var run: ContiguousArray<Event> = []
    @usableFromInline var head = 0
    @usableFromInline var heap = QuaternaryHeap()

    public init() {}

    @inlinable public var count: Int { run.count &- head &+ heap.count }

    @inlinable
    public func peekMin() -> Event? {
        guard head < run.count else { return heap.peekMin() }
        let r = run[head]
        if let h = heap.peekMin(), h < r { return h }
        return r
    }

    public mutating func removeAll() {
        run.removeAll(keepingCapacity: true)
        head = 0
        heap.removeAll()
    }

    @inlinable
    public mutating func push(_ event: Event) {
        if head == run.count {
            run.removeAll(keepingCapacity: true)
            head = 0
            run.append(event)
        } else if !(event < run[run.count &- 1]) {
            run.append(event)
        } else {
            heap.push(event)
        }
    }

    @inlinable
    public mutating func popMin() -> Event? {
        guard head < run.count else { return heap.popMin() }
        let r = run[head]
        if let h = heap.peekMin(), h < r { return heap.popMin() }
        head &+= 1
        if head == run.count {
            run.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 4096 && head &* 2 >= run.count {  // drop the consumed prefix
            run.removeFirst(head)
            head = 0
        }
        return r
    }
}
