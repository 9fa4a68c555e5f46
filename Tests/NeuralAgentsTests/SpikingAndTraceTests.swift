import XCTest
import DenseKernels
import LangevinMachine
import NeuralAgents

final class SpikingAndTraceTests: XCTestCase {
    /// Spiking transmission: neuron 0 fires Poisson spikes at r_max(1 + φ₀)/2 and neuron 1 estimates
    /// h₁ = J₁₀φ₀ from an exponential trace. The estimate is unbiased: its time average equals the time
    /// average of J₁₀φ(x₀) (computed from neuron 0's own state) within the shot-noise error. The average of
    /// a filtered spike train over a window T_w counts the spikes, so its SE is (2J/r_max)·√(r̄/T_w) per
    /// chain (r̄ ≤ r_max), and chains are independent; band 4.5 SE plus the filter's edge effect
    /// (≤ 2·J·τ/T_w).
    func testSpikeTraceRateEstimateIsUnbiased() {
        var j = Matrix(rows: 2, cols: 2)
        j[1, 0] = 1
        let p = Parameters(couplings: j, bias: [0.8, 0])
        var config = AgentConfiguration()
        config.temperature = 0.1
        config.clock = .fixed(interval: 0.01)
        let maxRate: Float = 400, tau: Float = 0.05
        config.transmission = .spiking(maxRate: maxRate, traceTime: tau)
        let chains = 16
        var network = AgentNetwork(parameters: p, configuration: config, state: Matrix(rows: 2, cols: chains, repeating: 0.8))
        network.run(until: 1)  // burn-in: 20 trace times
        var estimate = 0.0, truth = 0.0, count = 0
        let window = 40.0
        for _ in 0..<Int(window / 0.01) {
            network.run(for: 0.01)
            let h = network.drives(), x = network.membranes()
            for c in 0..<chains {
                estimate += Double(h[1, c])
                truth += Double(tanh(x[0, c]))
                count += 1
            }
        }
        estimate /= Double(count)
        truth /= Double(count)
        let se = 2 / Double(maxRate) * (Double(maxRate) / window).squareRoot() / Double(chains).squareRoot()
        XCTAssertEqual(estimate, truth, accuracy: 4.5 * se + 2 * Double(tau) / window, "estimate \(estimate), φ₀ \(truth)")
        XCTAssertGreaterThan(network.statistics.spikes, Int(0.5 * Double(maxRate) * window * Double(chains) * 0.8))
        XCTAssertGreaterThan(truth, 0.5, "neuron 0 sits near tanh(0.8) ≈ 0.66, so a wrong offset would show")
    }

    /// Recorders: an interval recorder samples on its grid (the last row equals the network's state at that
    /// time), an every-update recorder logs one row per update of the chosen neuron, weights of chosen
    /// synapses are recorded, and spikes are listed with neuron, chain and time.
    func testRecordersSampleOnTheirGridAndOnUpdates() {
        let p = Parameters.random(neurons: 5, gain: 1, seed: 8, bias: false)
        var config = AgentConfiguration()
        config.clock = .fixed(interval: 0.01)
        let x0 = gaussianMatrix(rows: 5, cols: 3, seed: 8, purpose: .sampleInit)
        var grid = AgentNetwork(parameters: p, configuration: config, state: x0)
        grid.attach(recorder: TraceRecorder(sampling: .interval(0.1), neurons: [1, 3], chains: [0, 2],
                                            synapses: [SynapseAddress(post: 1, pre: 0)]))
        grid.run(until: 1.0)
        let r = grid.recorder!.recording
        XCTAssertEqual(r.times.count, 11)
        for (k, t) in r.times.enumerated() { XCTAssertEqual(t, 0.1 * Double(k), accuracy: 1e-9) }
        XCTAssertEqual(r.membranes.rows, 11)
        XCTAssertEqual(r.membranes.cols, 4)
        let x = grid.membranes()
        XCTAssertEqual(r.membranes[10, 0], x[1, 0])
        XCTAssertEqual(r.membranes[10, 3], x[3, 2])
        XCTAssertEqual(r.rates[10, 1], Tanh.value(x[1, 2]))
        XCTAssertEqual(r.weights[10, 0], p.couplings[1, 0])
        let h = grid.drives()
        XCTAssertEqual(r.errors[10, 0], h[1, 0] - x[1, 0], accuracy: 1e-6)

        var every = AgentNetwork(parameters: p, configuration: config, state: x0)
        every.attach(recorder: TraceRecorder(sampling: .everyUpdate, neurons: [2], chains: [1]))
        every.run(steps: 25)
        XCTAssertEqual(every.recorder!.recording.times.count, 25)
        XCTAssertEqual(every.recorder!.recording.rowNeurons, [Int32](repeating: 2, count: 25))

        config.transmission = .spiking(maxRate: 100, traceTime: 0.05)
        var spiking = AgentNetwork(parameters: p, configuration: config, state: x0)
        spiking.attach(recorder: TraceRecorder(sampling: .interval(0.5), neurons: [0]))
        spiking.run(until: 1)
        let s = spiking.recorder!.recording
        XCTAssertEqual(s.spikeTimes.count, spiking.statistics.spikes)
        XCTAssertGreaterThan(s.spikeTimes.count, 100)
        XCTAssertEqual(s.spikeTimes, s.spikeTimes.sorted())
        XCTAssertTrue(s.spikeNeurons.allSatisfy { (0..<5).contains($0) } && s.spikeChains.allSatisfy { (0..<3).contains($0) })
    }
}
