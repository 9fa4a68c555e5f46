import FileFormats
import Foundation
import LangevinMachine
import NeuralAgents

extension Commands {
    static func clockOption(_ a: CommandArguments, dt: Float) throws -> NeuronClock? {
        switch a.string("clock") ?? "fixed" {
        case "fixed": return nil
        case "poisson": return .poisson(meanInterval: dt)
        case let other:
            throw InputError(file: "nlm \(a.commandName)", place: "--clock", expected: "fixed or poisson, found \"\(other)\"")
        }
    }

    static let check = Command(
        name: "check", usage: "phases <network.json> [options]",
        summary: "Train the network three ways on the same data, seed and budget — dense synchronous, event-driven without global phases, event-driven with global wake/sleep phases — and compare them.",
        options: [
            .init("clock", "fixed|poisson", "neuron clocks of the event-driven runs (default fixed, one step dt)"),
            .init("epochs", "E", "budget in epochs (default: the network's)"),
            .init("out", "DIR", "output directory (default: <network's directory>-phases)"),
            .init("data", "PATH", "MNIST directory"),
            threadsOption,
            .init("quiet", nil, "no progress on standard error"),
            helpOption,
        ]) { a in
            let args = try a.requirePositional(["phases", "network.json"])
            guard args[0] == "phases" else {
                throw InputError(file: "nlm check", place: "arguments", expected: "the check \"phases\", found \"\(args[0])\"")
            }
            try applyThreads(a)
            var spec = try NetworkSpec.read(path: args[1])
            if let epochs = try a.int("epochs", in: 1...10_000_000) { spec.epochs = epochs }
            spec.outputDirectory = a.string("out") ?? spec.outputDirectory + "-phases"
            let data = try ExperimentData.load(spec, dataPath: a.string("data"))
            let report = try PhaseCheck.run(spec, data: data, clock: try clockOption(a, dt: spec.training.dt),
                                            progress: ProgressReporter(quiet: a.flag("quiet")))
            let text = PhaseCheck.markdown(report, spec)
            try ArrayFiles.writeText(text, to: (spec.outputDirectory as NSString).appendingPathComponent("phases.md"))
            print(text)
            return report.phaseFreeAgrees ? 0 : 1
        }

    static let trace = Command(
        name: "trace", usage: "<network.json | model> [options]",
        summary: "Run the network on the event-driven engine (every neuron an agent) and record membranes, rates, errors, weights and spikes into a trace directory (see Traces/README.md).",
        options: [
            .init("time", "T", "simulated time (default 5)"),
            .init("interval", "DT", "sampling interval of the recorders (default 0.05)"),
            .init("neurons", "I1,I2,…", "recorded neurons (default 0–15)"),
            .init("chains", "C", "independent copies of the network (default 2)"),
            .init("synapses", "POST:PRE,…", "recorded synaptic weights, e.g. 3:5,5:3"),
            .init("clock", "fixed|poisson", "neuron clocks (default fixed)"),
            .init("delta", "D", "send-on-delta threshold of graded events (default 0)"),
            .init("spiking", "RMAX", "Poisson spikes at rate RMAX(1 + φ)/2 instead of graded events"),
            .init("temperature", "T", "temperature (default 1)"),
            .init("seed", "S", "random seed"),
            .init("out", "DIR", "trace directory (default Traces/<name>)"),
            helpOption,
        ]) { a in
            let path = try a.requirePositional(["network.json | model"])[0]
            let parameters: Parameters, dt: Float, name: String, seed: UInt64
            if !ModelFile.isModel(path) {
                let spec = try NetworkSpec.read(path: path)
                let p = try TrainingRun.initialParameters(spec) {
                    ExperimentData.encode(try ExperimentData.load(spec).train, spec.data.encoding)
                }
                (parameters, dt, name, seed) = (p, spec.training.dt, spec.name, spec.seed)
            } else {
                let model = try ModelFile.load(path)
                (parameters, dt, name, seed) = (model.parameters, model.dt, model.name, model.seed)
            }
            var o = TraceExport.Options()
            o.duration = Double(try a.float("time", in: 1e-6...1e7) ?? Float(o.duration))
            o.interval = Double(try a.float("interval", in: 1e-6...1e7) ?? Float(o.interval))
            o.chains = try a.int("chains", in: 1...10_000) ?? o.chains
            o.neurons = try a.floats("neurons", in: 0...Float(parameters.neuronCount - 1))?.map { Int($0) } ?? Array(0..<min(16, parameters.neuronCount))
            if let raw = a.string("synapses") {
                o.synapses = try raw.split(separator: ",").map { pair in
                    let parts = pair.split(separator: ":").compactMap { Int($0) }
                    guard parts.count == 2, parts.allSatisfy({ (0..<parameters.neuronCount).contains($0) }) else {
                        throw InputError(file: "nlm trace", place: "--synapses", expected: "POST:PRE pairs of neuron numbers below \(parameters.neuronCount), found \"\(pair)\"")
                    }
                    return SynapseAddress(post: parts[0], pre: parts[1])
                }
            }
            o.clock = try clockOption(a, dt: dt)
            if let rmax = try a.float("spiking", in: 1e-3...1e6) {
                o.transmission = .spiking(maxRate: rmax, traceTime: 10 * dt)
            } else {
                o.transmission = .graded(delta: try a.float("delta", in: 0...10) ?? 0)
            }
            o.temperature = try a.float("temperature", in: 0...1000) ?? 1
            o.seed = try a.seed() ?? seed
            let out = a.string("out") ?? "Traces/\(name)"
            let started = Date()
            let recording = TraceExport.record(parameters, dt: dt, options: o)
            try TraceExport.write(recording, to: out, metadata: [
                "network": path, "seed": o.seed, "dt": dt, "duration": o.duration, "interval": o.interval,
                "temperature": o.temperature, "clock": a.string("clock") ?? "fixed",
                "transmission": a.string("spiking") != nil ? "spiking" : "graded", "delta": o.transmission.delta,
                "command": (["nlm"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
            ])
            print("trace of \(o.neurons.count) neurons × \(o.chains) chains, \(recording.times.count) rows, \(recording.spikeTimes.count) spikes in \(String(format: "%.1f", Date().timeIntervalSince(started))) s → \(out)")
            return 0
        }
}
