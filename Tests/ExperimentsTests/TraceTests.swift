import XCTest
import DenseKernels
import Experiments
import FileFormats
import Foundation
import LangevinMachine
import NeuralAgents

/// Traces: what the event-driven engine recorded is what the files hold, and the recorded membranes are the
/// engine's own trajectory.
final class TraceTests: XCTestCase {
    func testTraceRoundTripsThroughFiles() throws {
        let directory = NSTemporaryDirectory() + "nlm-trace-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let p = Parameters.random(neurons: 20, gain: 1.5, seed: 4, bias: true)
        var o = TraceExport.Options()
        o.duration = 1
        o.interval = 0.1
        o.neurons = [0, 3, 7]
        o.chains = 2
        o.synapses = [SynapseAddress(post: 3, pre: 7)]
        let recording = TraceExport.record(p, dt: 0.01, options: o)
        XCTAssertEqual(recording.times.count, 11, "rows at t = 0, 0.1, …, 1")
        try TraceExport.write(recording, to: directory, metadata: ["network": "test"])
        let back = try TraceExport.read(directory)
        XCTAssertEqual(back.times, recording.times)
        XCTAssertEqual(back.membranes.0, [recording.times.count, 6])
        XCTAssertEqual(back.membranes.1, recording.membranes.storage)
        XCTAssertEqual(back.rates.1, recording.rates.storage)
        XCTAssertEqual(back.errors.1, recording.errors.storage)
        XCTAssertTrue(back.spikes.hasPrefix("neuron,chain,time"))
        let meta = try JSONSerialization.jsonObject(with: Data(try FileBytes.read(path: directory + "/meta.json"))) as? [String: Any]
        XCTAssertEqual(meta?["neurons"] as? [Int], [0, 3, 7])
        XCTAssertEqual(meta?["format"] as? String, "neurallangevin-trace")
        // Rates are tanh of the recorded membranes (to the rational tanh's 1e-6).
        for k in 0..<recording.membranes.count {
            XCTAssertEqual(recording.rates.storage[k], Float(Foundation.tanh(Double(recording.membranes.storage[k]))), accuracy: 2e-6)
        }
        // With synchronous clocks and δ = 0 the agents follow the dense path: the last row equals the dense state
        // after 100 steps (same noise streams), to float tolerance.
        let dense = DenseDynamics(parameters: p, temperature: 1, dt: 0.01)
        var x = gaussianMatrix(rows: 20, cols: 2, seed: o.seed, purpose: .sampleInit)
        var work = BatchWorkspace(neurons: 20, columns: 2)
        dense.run(&x, steps: 100, firstStep: 0, noise: NoiseSource(seed: o.seed, purpose: .samplingNoise), workspace: &work)
        let last = recording.times.count - 1
        for (column, (neuron, chain)) in [(0, 0), (0, 1), (3, 0), (3, 1), (7, 0), (7, 1)].enumerated() {
            XCTAssertEqual(recording.membranes[last, column], x[neuron, chain], accuracy: 1e-4, "neuron \(neuron) chain \(chain)")
        }
    }
}
