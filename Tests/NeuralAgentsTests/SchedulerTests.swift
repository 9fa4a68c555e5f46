import XCTest
import DenseKernels
import LangevinMachine
import NeuralAgents

/// The event queues pop in the total order (time, kind, rank, sequence), and the engine's results do not
/// depend on the order in which agents at equal times are processed.
final class SchedulerTests: XCTestCase {
    /// Pseudo-random events with many exact ties in time and kind; both queues must return exactly the
    /// sorted sequence, including under interleaved pushes and pops (the hold model of a simulation).
    func testQueuesPopInTotalOrder() {
        let stream = RandomStream(seed: 9, stream: 1)
        var events: [Event] = []
        for s in 0..<3000 {
            let time = Double(Int(stream.uniform(UInt64(3 * s)) * 50)) * 0.25  // 200 distinct times
            let kind = EventKind.allCases[Int(stream.uniform(UInt64(3 * s + 1)) * 7) % 7]
            let neuron = Int(stream.uniform(UInt64(3 * s + 2)) * 40)
            events.append(Event(time: time, kind: kind, neuron: neuron, rank: neuron, sequence: UInt64(s)))
        }
        func drain<Q: EventQueue>(_ type: Q.Type) -> [Event] {
            var q = Q()
            var out: [Event] = []
            for (k, e) in events.enumerated() {
                q.push(e)
                if k % 3 == 2, let m = q.popMin() { out.append(m) }
            }
            while let m = q.popMin() { out.append(m) }
            return out
        }
        let heap = drain(QuaternaryHeap.self), calendar = drain(CalendarQueue.self)
        XCTAssertEqual(heap.count, events.count)
        XCTAssertEqual(heap.map(\.key), calendar.map(\.key))
        XCTAssertEqual(heap.map(\.time), calendar.map(\.time))
        // Popping interleaved with pushing is sorted after the last pop, and ties follow (kind, rank, sequence).
        var q = QuaternaryHeap()
        for e in events { q.push(e) }
        var previous: Event?
        while let e = q.popMin() {
            if let p = previous { XCTAssertFalse(e < p, "\(e) popped after \(p)") }
            previous = e
        }
    }

    /// The scheduler never moves its clock backwards and handles events scheduled by handlers at the
    /// current time before later ones.
    func testSchedulerRunsUntilAndFor() {
        var s = Scheduler<QuaternaryHeap>()
        s.schedule(.update, at: 1, neuron: 3)
        s.schedule(.update, at: 0.5, neuron: 1)
        var seen: [(Double, Int)] = []
        s.run(until: 0.75) { sch, e in seen.append((e.time, Int(e.neuron))) }
        XCTAssertEqual(seen.map(\.1), [1])
        XCTAssertEqual(s.now, 0.75)
        s.run(for: 1) { sch, e in
            seen.append((e.time, Int(e.neuron)))
            if e.kind == .update { sch.schedule(.forward, at: e.time, neuron: Int(e.neuron)) }
        }
        XCTAssertEqual(seen.map(\.1), [1, 3, 3])
        XCTAssertEqual(s.now, 1.75)
    }

    /// Same seed, different processing order of simultaneous agents (a shuffled tie rank): with a
    /// synchronous clock the only difference is the order of the additions into each hᵢ and fᵢ, so the
    /// trajectories agree to float accuracy (bound as in DenseAgreementTests: ≈ 1e-5 after 200 steps).
    /// With Poisson clocks only the initial sends at t = 0 tie, with the same bound.
    func testProcessingOrderDoesNotChangeResults() {
        let n = 20, chains = 4
        let p = Parameters.random(neurons: n, gain: 1.5, seed: 2, bias: false)
        let x0 = gaussianMatrix(rows: n, cols: chains, seed: 2, purpose: .sampleInit)
        func run(_ clock: NeuronClock, _ order: TieOrder) -> Matrix {
            var c = AgentConfiguration()
            c.clock = clock
            c.tieOrder = order
            c.seed = 4
            var net = AgentNetwork(parameters: p, configuration: c, state: x0)
            net.run(until: 2)
            return net.membranes()
        }
        for clock in [NeuronClock.fixed(interval: 0.01), .poisson(meanInterval: 0.01)] {
            let a = run(clock, .neuronIndex), b = run(clock, .shuffled(seed: 99))
            var worst: Float = 0
            for k in 0..<a.count { worst = max(worst, abs(a.storage[k] - b.storage[k])) }
            XCTAssertLessThan(worst, 1e-4, "\(clock)")
            XCTAssertNotEqual(a.storage, x0.storage)
        }
    }
}
