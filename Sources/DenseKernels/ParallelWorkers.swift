import Foundation
import Synchronization

/// A persistent pool of worker threads that run one job at a time, fork–join style, with a barrier.
///
/// The threads stay alive between calls: ``run(sharedScratch:_:)`` publishes a job, wakes the workers
/// (they spin for a few microseconds after each job, then sleep on a condition variable), runs part 0
/// on the calling thread and returns when every part has finished. There is no per-call thread creation
/// and no dispatch-queue fork per block, so a dense product can use two threads even when it takes only
/// a few hundred microseconds.
///
/// Determinism: the pool never decides *what* a part computes — callers split work by
/// ``WorkerContext/index`` and ``WorkerContext/count``. All kernels in this module split so that each
/// output element is computed by exactly one part with the same operation order, so results are
/// bit-identical for every thread count.
///
/// Re-entrancy: if the pool is already running a job (a nested call from inside a job, or a second
/// thread calling at the same time), the new job runs on the calling thread alone with `count == 1`,
/// which is correct for every deterministic caller and cannot deadlock.
public final class ParallelWorkers: @unchecked Sendable {
    /// Number of parts a job is split into (the calling thread plus `threadCount − 1` workers).
    public let threadCount: Int
    @usableFromInline let state: PoolState
    private var threads: [Thread] = []

    /// Creates a pool with `threadCount` parts (at least 1); `threadCount − 1` threads are started.
    public init(threadCount: Int) {
        let n = max(1, threadCount)
        self.threadCount = n
        self.state = PoolState(count: n)
        for index in 1..<max(n, 1) {
            let state = self.state
            let thread = Thread { state.workerLoop(index: index) }
            thread.name = "ParallelWorkers.\(index)"
            thread.start()
            threads.append(thread)
        }
    }

    deinit { state.shutDown() }

    // MARK: - Global default

    private static let defaultPool = Mutex<ParallelWorkers?>(nil)

    /// The pool used when a kernel is not given one. Created on first use with
    /// ``defaultThreadCount`` threads; replaced by ``setDefaultThreadCount(_:)``.
    public static var shared: ParallelWorkers {
        defaultPool.withLock { pool in
            if let pool { return pool }
            let created = ParallelWorkers(threadCount: 1)
            pool = created
            return created
        }
    }

    /// The thread count of ``shared`` (1 unless changed, e.g. by the command line's `--threads`).
    public static var defaultThreadCount: Int { shared.threadCount }

    /// Replaces ``shared`` by a pool with `count` threads (clamped to at least 1).
    public static func setDefaultThreadCount(_ count: Int) {
        defaultPool.withLock { pool in
            if pool?.threadCount != max(1, count) { pool = ParallelWorkers(threadCount: count) }
        }
    }

    // MARK: - Jobs

    /// Runs `body` once per part, concurrently, and returns when all parts are done.
    ///
    /// - Parameters:
    ///   - sharedScratch: number of `Float`s of scratch memory shared by all parts
    ///     (``WorkerContext/sharedScratch``), kept by the pool between calls.
    ///   - body: the part; it receives its index, the part count, a barrier and scratch memory.
    public func run(sharedScratch: Int = 0, _ body: (WorkerContext) -> Void) {
        guard state.busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            // Busy (nested or concurrent call): run alone with private scratch.
            let local = ScratchSet(parts: 1)
            defer { local.release() }
            body(WorkerContext(index: 0, count: 1, state: nil, scratch: local, shared: local.shared(sharedScratch)))
            return
        }
        defer { state.busy.store(false, ordering: .releasing) }
        let shared = state.scratch.shared(sharedScratch)
        if threadCount == 1 {
            body(WorkerContext(index: 0, count: 1, state: state, scratch: state.scratch, shared: shared))
            return
        }
        withoutActuallyEscaping(body) { escapable in
            state.dispatch { index in
                escapable(WorkerContext(index: index, count: self.threadCount, state: self.state,
                                        scratch: self.state.scratch, shared: shared))
            }
        }
    }

    /// Splits `0..<rows` into at most ``threadCount`` contiguous chunks (in multiples of `granularity`,
    /// the last one shorter) and calls `body` on each chunk in parallel.
    ///
    /// The split depends only on `rows`, `granularity` and the number of parts actually used, so a body
    /// whose per-row results do not depend on the chunk it is in gives thread-count-independent results.
    public func forEachChunk(rows: Int, granularity: Int = 1, _ body: (Range<Int>) -> Void) {
        guard rows > 0 else { return }
        run { context in
            let range = context.chunk(of: rows, granularity: granularity)
            if !range.isEmpty { body(range) }
        }
    }
}

/// What one part of a ``ParallelWorkers`` job sees.
public struct WorkerContext {
    /// This part's index in `0..<count`.
    public let index: Int
    /// Number of parts running this job.
    public let count: Int
    @usableFromInline let state: PoolState?
    @usableFromInline let scratch: ScratchSet
    /// Scratch memory shared by all parts (size requested in ``ParallelWorkers/run(sharedScratch:_:)``).
    public let sharedScratch: UnsafeMutablePointer<Float>

    @usableFromInline
    init(index: Int, count: Int, state: PoolState?, scratch: ScratchSet, shared: UnsafeMutablePointer<Float>) {
        self.index = index; self.count = count; self.state = state; self.scratch = scratch
        self.sharedScratch = shared
    }

    /// Waits until every part of the job has reached the barrier.
    public func barrier() {
        if count > 1 { state?.barrier(count: count) }
    }

    /// This part's private scratch memory of at least `floats` elements, 64-byte aligned, kept between jobs.
    public func privateScratch(_ floats: Int) -> UnsafeMutablePointer<Float> {
        scratch.part(index, floats)
    }

    /// This part's share of `0..<total` when split in multiples of `granularity` (see
    /// ``ParallelWorkers/forEachChunk(rows:granularity:_:)``).
    public func chunk(of total: Int, granularity: Int = 1) -> Range<Int> {
        let g = max(1, granularity)
        let units = (total + g - 1) / g
        let per = units / count, extra = units % count
        let startUnit = index * per + min(index, extra)
        let endUnit = startUnit + per + (index < extra ? 1 : 0)
        return min(total, startUnit * g)..<min(total, endUnit * g)
    }
}
