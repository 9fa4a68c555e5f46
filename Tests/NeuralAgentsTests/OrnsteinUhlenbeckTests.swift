import XCTest
import DenseKernels
import LangevinMachine
import NeuralAgents

/// With J = 0 and b = 0 a neuron's force is −xᵢ, so each agent is an Ornstein–Uhlenbeck process
/// integrated by Euler–Maruyama over its own intervals Δ: x ← (1 − Δ)x + √(2TΔ)ξ. Its exact stationary
/// variance is v = 2T·E[Δ] / (1 − E[(1 − Δ)²]):
///   fixed interval Δ:               v = 2T/(2 − Δ)
///   Poisson clock, Δ ~ Exp(mean m): v = 2Tm/(2m − 2m²) = T/(1 − m)
/// (for the Poisson clock the state seen at a fixed time is the state after an update whose interval is
/// an ordinary Exp(m) draw, because backward recurrence intervals of a Poisson process are i.i.d.).
/// Standard errors with m independent chains: mean √(v/m), variance v√(2/(m − 1)); bands are 4 SE.
final class OrnsteinUhlenbeckTests: XCTestCase {
    let t: Float = 0.5, chains = 2000

    func run(clock: NeuronClock, neurons n: Int, until time: Double) -> Matrix {
        let p = Parameters(couplings: Matrix(rows: n, cols: n))
        var config = AgentConfiguration()
        config.temperature = t
        config.clock = clock
        config.seed = 17
        var network = AgentNetwork(parameters: p, configuration: config, state: Matrix(rows: n, cols: chains))
        network.run(until: time)
        return network.membranes()
    }

    func check(_ values: [Float], variance expected: Double, file: StaticString = #filePath, line: UInt = #line) {
        let m = Double(values.count)
        let mean = values.reduce(0.0) { $0 + Double($1) } / m
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / (m - 1)
        XCTAssertEqual(mean, 0, accuracy: 4 * (expected / m).squareRoot(), file: file, line: line)
        XCTAssertEqual(variance, expected, accuracy: 4 * expected * (2 / (m - 1)).squareRoot(), file: file, line: line)
    }

    func testFixedClockMatchesDiscreteOUVariance() {
        let x = run(clock: .fixed(interval: 0.05), neurons: 2, until: 20)
        check(x.storage, variance: 2 * Double(t) / (2 - 0.05))
    }

    func testPoissonClockMatchesRandomIntervalOUVariance() {
        let m: Float = 0.1
        let x = run(clock: .poisson(meanInterval: m), neurons: 2, until: 25)
        check(x.storage, variance: Double(t) / (1 - Double(m)))
    }

    func testHeterogeneousClocksGiveEachNeuronItsOwnVariance() {
        let intervals: [Float] = [0.02, 0.2]
        let x = run(clock: .perNeuron(intervals: intervals), neurons: 2, until: 20)
        for i in 0..<2 {
            let row = Array(x.storage[(i * chains)..<((i + 1) * chains)])
            check(row, variance: 2 * Double(t) / (2 - Double(intervals[i])))
        }
    }
}
