import XCTest
import Synchronization
import DenseKernels

/// The worker pool: chunking covers every row once, barriers order phases, nesting does not deadlock.
final class ParallelWorkersTests: XCTestCase {
    func testChunksCoverEveryRowExactlyOnceAndRespectGranularity() {
        for threads in [1, 2, 3] {
            let pool = ParallelWorkers(threadCount: threads)
            for rows in [0, 1, 7, 1000] {
                for granularity in [1, 6] {
                    let hits = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(rows, 1))
                    hits.initialize(repeating: 0)
                    defer { hits.deallocate() }
                    pool.forEachChunk(rows: rows, granularity: granularity) { range in
                        XCTAssertTrue(range.lowerBound % granularity == 0)
                        for i in range { hits[i] += 1 }
                    }
                    XCTAssertTrue(hits.prefix(rows).allSatisfy { $0 == 1 }, "threads \(threads) rows \(rows)")
                }
            }
        }
    }

    func testBarrierSeparatesPhasesAcrossManyJobs() {
        let pool = ParallelWorkers(threadCount: 2)
        let slots = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2)
        defer { slots.deallocate() }
        let failures = Atomic<Int>(0)
        for job in 0..<2000 {
            slots.initialize(repeating: -1)
            pool.run { context in
                slots[context.index] = job
                context.barrier()
                for other in 0..<context.count where slots[other] != job { failures.add(1, ordering: .relaxed) }
            }
        }
        XCTAssertEqual(failures.load(ordering: .relaxed), 0)
    }

    func testNestedRunFallsBackToOnePartInsteadOfDeadlocking() {
        let pool = ParallelWorkers(threadCount: 2)
        let innerCounts = Mutex<[Int]>([])
        pool.run { _ in
            pool.run { inner in innerCounts.withLock { $0.append(inner.count) } }
        }
        // Both outer parts ran an inner job; at most one can own the pool, the other ran alone. Since the
        // outer job owns it, all inner jobs run with a single part.
        XCTAssertEqual(innerCounts.withLock { $0 }, [1, 1])
    }

    func testDefaultThreadCountIsSettable() {
        let before = ParallelWorkers.defaultThreadCount
        ParallelWorkers.setDefaultThreadCount(2)
        XCTAssertEqual(ParallelWorkers.shared.threadCount, 2)
        ParallelWorkers.setDefaultThreadCount(before)
        XCTAssertEqual(ParallelWorkers.defaultThreadCount, before)
    }
}
