import Foundation
import Synchronization

/// Scratch buffers owned by a pool: one private buffer per part plus one shared buffer. Each buffer only
/// grows; memory is 64-byte aligned so packed GEMM panels start on cache lines.
@usableFromInline
final class ScratchSet: @unchecked Sendable {
    private var buffers: [(pointer: UnsafeMutableRawPointer, floats: Int)?]
    private var sharedBuffer: (pointer: UnsafeMutableRawPointer, floats: Int)?

    init(parts: Int) { buffers = Array(repeating: nil, count: parts) }

    /// Part `index`'s buffer. Only part `index` calls this for its own index, so no lock is needed.
    func part(_ index: Int, _ floats: Int) -> UnsafeMutablePointer<Float> {
        if let b = buffers[index], b.floats >= floats { return b.pointer.assumingMemoryBound(to: Float.self) }
        buffers[index]?.pointer.deallocate()
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(floats, 16) * 4, alignment: 64)
        p.initializeMemory(as: Float.self, repeating: 0, count: max(floats, 16))
        buffers[index] = (p, floats)
        return p.assumingMemoryBound(to: Float.self)
    }

    /// The shared buffer, grown to `floats` (called before the parts start).
    func shared(_ floats: Int) -> UnsafeMutablePointer<Float> {
        if let b = sharedBuffer, b.floats >= floats { return b.pointer.assumingMemoryBound(to: Float.self) }
        sharedBuffer?.pointer.deallocate()
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(floats, 16) * 4, alignment: 64)
        p.initializeMemory(as: Float.self, repeating: 0, count: max(floats, 16))
        sharedBuffer = (p, floats)
        return p.assumingMemoryBound(to: Float.self)
    }

    func release() {
        for b in buffers { b?.pointer.deallocate() }
        sharedBuffer?.pointer.deallocate()
        buffers = []; sharedBuffer = nil
    }

    deinit { release() }
}

/// The synchronisation state shared by a pool's threads.
///
/// Wake-up: the caller stores the job, bumps `generation` and broadcasts `condition`. A worker that has
/// just finished a job spins on `generation` for `spinLimit` iterations before sleeping, so back-to-back
/// calls (a sampler multiplying by the same matrix 20 times) avoid the futex round trip.
@usableFromInline
final class PoolState: @unchecked Sendable {
    let count: Int
    let busy = Atomic<Bool>(false)
    let generation = Atomic<Int>(0)
    let remaining = Atomic<Int>(0)
    let arrived = Atomic<Int>(0)
    let barrierGeneration = Atomic<Int>(0)
    let stopping = Atomic<Bool>(false)
    let condition = NSCondition()
    let scratch: ScratchSet
    nonisolated(unsafe) var job: ((Int) -> Void)?
    static let spinLimit = 20_000

    init(count: Int) {
        self.count = count
        self.scratch = ScratchSet(parts: count)
    }

    /// Runs `job(0)` here and `job(1..<count)` on the workers; returns when all are done.
    func dispatch(_ job: (Int) -> Void) {
        withoutActuallyEscaping(job) { escapable in
            self.job = escapable
            remaining.store(count - 1, ordering: .releasing)
            condition.lock()
            generation.add(1, ordering: .releasing)
            condition.broadcast()
            condition.unlock()
            escapable(0)
            var spins = 0
            while remaining.load(ordering: .acquiring) > 0 {
                spins += 1
                if spins > PoolState.spinLimit { sched_yield() }
            }
            self.job = nil
        }
    }

    func workerLoop(index: Int) {
        var seen = 0
        while true {
            var spins = 0
            while generation.load(ordering: .acquiring) == seen && spins < PoolState.spinLimit
                    && !stopping.load(ordering: .relaxed) { spins += 1 }
            if generation.load(ordering: .acquiring) == seen {
                condition.lock()
                while generation.load(ordering: .acquiring) == seen && !stopping.load(ordering: .acquiring) {
                    condition.wait()
                }
                condition.unlock()
            }
            if stopping.load(ordering: .acquiring) { return }
            seen = generation.load(ordering: .acquiring)
            job?(index)
            remaining.subtract(1, ordering: .releasing)
        }
    }

    /// Sense-reversing barrier over `count` parts.
    func barrier(count: Int) {
        let g = barrierGeneration.load(ordering: .acquiring)
        if arrived.add(1, ordering: .acquiringAndReleasing).newValue == count {
            arrived.store(0, ordering: .relaxed)
            barrierGeneration.add(1, ordering: .releasing)
            return
        }
        var spins = 0
        while barrierGeneration.load(ordering: .acquiring) == g {
            spins += 1
            if spins > PoolState.spinLimit { sched_yield() }
        }
    }

    func shutDown() {
        condition.lock()
        stopping.store(true, ordering: .releasing)
        condition.broadcast()
        condition.unlock()
    }
}
