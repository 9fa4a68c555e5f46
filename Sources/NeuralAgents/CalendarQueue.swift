/// A calendar queue (R. Brown, "Calendar queues: a fast O(1) priority queue implementation for the simulation
/// event set problem", CACM 31(10), 1988).
///
/// Time is cut into "days" of width `w`; day `d` (absolute number ⌊t/w⌋) lives in bucket `d mod nb`, and a
/// bucket holds the events of all the "years" that map to it, sorted (descending, so the next one is at the
/// end). Dequeue scans buckets from the current day and takes the first event that falls inside its day;
/// after a whole year without one it jumps to the global minimum. The number of buckets follows the
/// number of events (doubling above 2·nb, halving below nb/2) and the width is re-estimated at each resize
/// as 3× the mean gap between the next events (Brown's rule, gaps above twice the first mean dropped).
///
/// - Complexity: O(1) expected per operation when event times are spread out; many events at one time
///   (synchronous clocks) pile into one bucket and insertion degrades to O(k) for k tied events.
public struct CalendarQueue: EventQueue {
    var buckets: [[Event]]
    var width: Double
    var mask: Int
    public private(set) var count: Int = 0
    /// Absolute day number of the scan position.
    var day: Int64 = 0

    public init() {
        buckets = Array(repeating: [], count: 2)
        mask = 1
        width = 1
    }

    public func peekMin() -> Event? {
        var copy = self
        return copy.popMin()
    }

    public mutating func removeAll() {
        buckets = Array(repeating: [], count: 2)
        mask = 1
        count = 0
        day = 0
    }

    @inline(__always)
    func dayNumber(_ time: Double) -> Int64 {
        Int64((time / width).rounded(.down))
    }

    public mutating func push(_ event: Event) {
        insert(event)
        count += 1
        if dayNumber(event.time) < day { day = dayNumber(event.time) }
        if count > 2 * buckets.count { resize(buckets.count * 2) }
    }

    mutating func insert(_ event: Event) {
        let b = Int(truncatingIfNeeded: dayNumber(event.time)) & mask
        // Descending order: find the first index whose element is smaller than the event.
        var lo = 0, hi = buckets[b].count
        buckets[b].withUnsafeBufferPointer { list in
            while lo < hi {
                let mid = (lo + hi) >> 1
                if list[mid] < event { hi = mid } else { lo = mid + 1 }
            }
        }
        buckets[b].insert(event, at: lo)
    }

    public mutating func popMin() -> Event? {
        guard count > 0 else { return nil }
        for _ in 0..<buckets.count {
            let b = Int(truncatingIfNeeded: day) & mask
            if let last = buckets[b].last, dayNumber(last.time) <= day {
                return take(from: b)
            }
            day += 1
        }
        // A whole year without an event in its own day: jump to the global minimum.
        var best = -1
        for b in 0..<buckets.count {
            if let last = buckets[b].last, best < 0 || last < buckets[best].last! { best = b }
        }
        day = dayNumber(buckets[best].last!.time)
        return take(from: best)
    }

    mutating func take(from b: Int) -> Event {
        let e = buckets[b].removeLast()
        count -= 1
        if buckets.count > 2 && count < buckets.count / 2 { resize(buckets.count / 2) }
        return e
    }

    mutating func resize(_ newCount: Int) {
        var all: [Event] = []
        all.reserveCapacity(count)
        for bucket in buckets { all.append(contentsOf: bucket) }
        all.sort(by: <)
        // Brown's width estimate from the gaps between the next (up to) 64 events.
        let sample = min(all.count, 64)
        if sample > 1 {
            var gaps: [Double] = []
            for k in 1..<sample where all[k].time > all[k - 1].time { gaps.append(all[k].time - all[k - 1].time) }
            if !gaps.isEmpty {
                let mean = gaps.reduce(0, +) / Double(gaps.count)
                let kept = gaps.filter { $0 <= 2 * mean }
                let trimmed = kept.isEmpty ? mean : kept.reduce(0, +) / Double(kept.count)
                if trimmed > 0 { width = 3 * trimmed * Double(sample - 1) / Double(max(sample - 1, 1)) }
            }
        }
        buckets = Array(repeating: [], count: newCount)
        mask = newCount - 1
        for e in all.reversed() {
            // Appending in descending order keeps every bucket sorted without searching.
            let b = Int(truncatingIfNeeded: dayNumber(e.time)) & mask
            buckets[b].append(e)
        }
        day = all.first.map { dayNumber($0.time) } ?? 0
    }
}
