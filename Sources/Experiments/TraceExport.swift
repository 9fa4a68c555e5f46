import DenseKernels
import FileFormats
import Foundation
import LangevinMachine
import NeuralAgents

/// `nlm trace`: runs a network (a saved model, or a network file's initial couplings) on the event-driven
/// engine and records spikes, rates, membranes, errors and weights into a trace directory, in the format
/// documented in `Traces/README.md`: `.npy` arrays, `spikes.csv` and `meta.json`.
public enum TraceExport {
    public struct Options: Sendable {
        public var duration: Double = 5
        public var interval: Double = 0.05
        public var neurons: [Int] = Array(0..<16)
        public var chains = 2
        public var synapses: [SynapseAddress] = []
        public var clock: NeuronClock? = nil
        public var transmission: Transmission = .graded(delta: 0)
        public var temperature: Float = 1
        public var seed: UInt64 = 1
        public init() {}
    }

    /// Runs and records; returns the recording.
    public static func record(_ parameters: Parameters, dt: Float, options o: Options) -> TraceRecording {
        var configuration = AgentConfiguration()
        configuration.temperature = o.temperature
        configuration.clock = o.clock ?? .fixed(interval: dt)
        configuration.transmission = o.transmission
        configuration.seed = o.seed
        let state = gaussianMatrix(rows: parameters.neuronCount, cols: o.chains, seed: o.seed, purpose: .sampleInit)
        var network = AgentNetwork(parameters: parameters, configuration: configuration, state: state)
        var spiking = false
        if case .spiking = o.transmission { spiking = true }
        network.attach(recorder: TraceRecorder(sampling: .interval(o.interval), neurons: o.neurons, chains: Array(0..<o.chains),
                                               synapses: o.synapses, recordsSpikes: spiking))
        network.run(until: o.duration)
        return network.recorder!.recording
    }

    /// Writes a recording into `directory` (atomically, file by file) with its metadata.
    public static func write(_ r: TraceRecording, to directory: String, metadata: [String: Any]) throws {
        try ArrayFiles.createDirectory(directory)
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        let rows = r.times.count
        try AtomicFile.write(NPY.encode(NPYArray(shape: [rows], values: .float64(r.times))), to: path("times.npy"))
        for (name, m) in [("membranes", r.membranes), ("rates", r.rates), ("errors", r.errors)] {
            try ArrayFiles.write(m.storage, shape: [m.rows, m.cols], to: path("\(name).npy"))
        }
        if !r.synapses.isEmpty {
            try ArrayFiles.write(r.weights.storage, shape: [r.weights.rows, r.weights.cols], to: path("weights.npy"))
        }
        var csv = CSVTable(header: ["neuron", "chain", "time"])
        for k in 0..<r.spikeTimes.count {
            csv.addRow([String(r.spikeNeurons[k]), String(r.spikeChains[k]), CSVTable.number(r.spikeTimes[k])])
        }
        try AtomicFile.write(text: csv.text, to: path("spikes.csv"))
        var meta = metadata
        meta["format"] = "neurallangevin-trace"
        meta["version"] = 1
        meta["rows"] = rows
        meta["neurons"] = r.neurons
        meta["chains"] = r.chains
        meta["columns"] = "neuron-major: column k is neuron neurons[k / chains.count] of chain chains[k % chains.count]"
        meta["synapses"] = r.synapses.map { ["post": $0.post, "pre": $0.pre] }
        meta["units"] = ["time": "model time units (dt = 1 step of the dense path times dt)", "membranes": "x",
                         "rates": "phi(x) = tanh(x)", "errors": "e = h + b - x (the value error events carry)",
                         "weights": "J[post, pre]", "spikes": "neuron, chain, time"]
        meta["files"] = ["times.npy", "membranes.npy", "rates.npy", "errors.npy", "spikes.csv"] + (r.synapses.isEmpty ? [] : ["weights.npy"])
        try ArrayFiles.writeJSON(meta, to: path("meta.json"))
    }

    /// Reads a trace directory back (for tests and users of the Swift API).
    public static func read(_ directory: String) throws -> (times: [Double], membranes: ([Int], [Float]), rates: ([Int], [Float]),
                                                             errors: ([Int], [Float]), spikes: String) {
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        let times = try NPY.read(path: path("times.npy"))
        guard case let .float64(t) = times.values else {
            throw InputError(file: path("times.npy"), place: "header 'descr'", expected: "float64 times")
        }
        let spikes = String(decoding: try FileBytes.read(path: path("spikes.csv")), as: UTF8.self)
        return (t, try ArrayFiles.read(path("membranes.npy")), try ArrayFiles.read(path("rates.npy")),
                try ArrayFiles.read(path("errors.npy")), spikes)
    }
}
