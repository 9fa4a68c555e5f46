import Foundation
import Synchronization

/// Runs independent jobs 0..<count on up to `threads` threads and returns their results in job order.
///
/// Jobs are handed out by an atomic counter (so a slow start does not hold up a thread's other starts);
/// each result is written to its own slot, so the output does not depend on the thread count or on
/// which thread ran which job.
enum ParallelStarts {
    static func map<T: Sendable>(count: Int, threads: Int, _ job: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let slots = Slots<T>(count: count)
        let next = Atomic<Int>(0)
        let workers = Swift.max(1, Swift.min(threads, count))
        withoutActuallyEscaping(job) { job in
            let body: @Sendable (Int) -> Void = { _ in
                while true {
                    let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    if k >= count { return }
                    slots.store(job(k), at: k)
                }
            }
            if workers == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: body) }
        }
        return slots.values()
    }

    /// One slot per job, each written by exactly one thread before `values()` is read after the join.
    final class Slots<T>: @unchecked Sendable {
        private var storage: [T?]
        private let lock = NSLock()
        init(count: Int) { storage = [T?](repeating: nil, count: count) }
        func store(_ value: T, at index: Int) { lock.lock(); storage[index] = value; lock.unlock() }
        func values() -> [T] { storage.map { $0! } }
    }
}

/// The number of threads multi-start work uses by default: every core the process may use.
public var defaultAnalysisThreads: Int { ProcessInfo.processInfo.activeProcessorCount }
