import FileFormats
import Foundation
import Optimization
import Statistics

/// `"experiment": "stdp"` of the `vpf` family: the STDP window of the asymmetric flow rule on the event-driven
/// engine (``STDPWindow``), at the file's transmission delay and, as a control, at delay 0; a sign-flip
/// permutation test of the asymmetry Δw(+Δt) − Δw(−Δt) over the lags 0 < Δt ≤ D.
enum STDPRun {
    struct Settings {
        var name = "", description = "", seed: UInt64 = 1, output = ""
        var protocolSettings = STDPWindow.Pairing()
        var maxLag = 3.0, lagStep = 0.25, trials = 200, permutations = 10_000, alpha = 0.05
    }

    static func read(_ file: String) throws -> Settings {
        var root = try FieldReader.parse(Data(try FileBytes.read(path: file)), file: file)
        var s = Settings()
        _ = try root.string("family", "vpf", oneOf: ["vpf"])
        _ = try root.string("experiment", oneOf: ["stdp"])
        s.name = try root.string("name", ((file as NSString).lastPathComponent as NSString).deletingPathExtension)
        s.description = try root.string("description", "")
        s.seed = UInt64(try root.int("seed", 1, in: 0...Int(Int32.max)))
        var synapse = try root.object("synapse")
        s.protocolSettings.weight = try synapse.float("weight", 0.5, in: -20...20, "a weight from −20 to 20")
        s.protocolSettings.reverseWeight = try synapse.float("reverseWeight", 0, in: -20...20, "a weight from −20 to 20")
        s.protocolSettings.postBias = try synapse.float("postBias", -0.5, in: -20...20, "a bias from −20 to 20")
        s.protocolSettings.preBias = try synapse.float("preBias", -0.5, in: -20...20, "a bias from −20 to 20")
        try synapse.rejectUnknownKeys()
        var protocolReader = try root.object("protocol")
        s.protocolSettings.upDuration = try protocolReader.double("upDuration", 1, in: 1e-3...1e3, "a duration from 0.001 to 1000")
        s.protocolSettings.delay = try protocolReader.double("delay", 0.5, in: 0...1e3, "a delay from 0 to 1000")
        s.protocolSettings.meanInterval = try protocolReader.float("meanUpdateInterval", 0.1, in: 1e-4...1e3, "a mean interval from 0.0001 to 1000")
        s.protocolSettings.learningRate = try protocolReader.float("learningRate", 1e-3, in: 1e-9...1, "a learning rate from 1e-9 to 1")
        s.maxLag = try protocolReader.double("maxLag", 3, in: 1e-3...1e3, "a lag from 0.001 to 1000")
        s.lagStep = try protocolReader.double("lagStep", 0.25, in: 1e-3...1e3, "a step from 0.001 to 1000")
        guard s.maxLag / s.lagStep <= 1000 else {
            throw InputError(file: file, place: "protocol.lagStep", expected: "at most 1000 lags up to maxLag (maxLag / lagStep ≤ 1000)")
        }
        s.trials = try protocolReader.int("trials", 200, in: 2...1_000_000)
        try protocolReader.rejectUnknownKeys()
        (s.permutations, s.alpha) = try root.permutationTest(permutations: 10_000)
        s.output = try root.outputDirectory("runs/\(s.name)")
        try root.rejectUnknownKeys()
        return s
    }

    struct Window {
        var delay: Double
        var lags: [Double]
        var values: [[Double]]
        var mean: [Double] { values.map { $0.reduce(0, +) / Double($0.count) } }
        var standardError: [Double] {
            values.map { v in
                let m = v.reduce(0, +) / Double(v.count)
                return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1) / Double(v.count)).squareRoot()
            }
        }
    }

    static func run(file: String, outputDirectory: String?, seed: UInt64?, quiet: Bool) throws -> String {
        var s = try read(file)
        if let outputDirectory { s.output = outputDirectory }
        if let seed { s.seed = seed }
        try FileManager.default.createDirectory(atPath: s.output, withIntermediateDirectories: true)
        let steps = Int((s.maxLag / s.lagStep).rounded(.down))
        let lags = (-steps...steps).map { Double($0) * s.lagStep }
        let start = Date()
        var windows: [Window] = []
        for delay in s.protocolSettings.delay > 0 ? [s.protocolSettings.delay, 0] : [0] {
            var p = s.protocolSettings
            p.delay = delay
            windows.append(Window(delay: delay, lags: lags, values: STDPWindow.measure(p, lags: lags, trials: s.trials, seed: s.seed &+ UInt64(delay * 1000))))
            if !quiet { RunProgress.log(String(format: "STDP window at delay %g: %d lags × %d trials", delay, lags.count, s.trials)) }
        }
        return try STDPReport.write(s, windows: windows, seconds: Date().timeIntervalSince(start))
    }
}
