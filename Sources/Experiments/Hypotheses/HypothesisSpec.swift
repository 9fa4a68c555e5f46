import FileFormats
import Foundation

/// A pre-registered hypothesis (a file under `Networks/hypotheses/`): the baseline network, two arms that
/// differ by a manipulation, the statistic, the number of independent seeds, the test and α — all fixed
/// before the run. Every seed trains/samples both arms from the same seed (a paired design); the effect is
/// the mean over seeds of statistic(arm 2) − statistic(arm 1).
public struct HypothesisSpec: Sendable {
    /// How each arm is measured.
    public enum Procedure: String, Sendable, CaseIterable {
        /// Train the network, then measure held-out energy, denoising, sample quality and memorisation.
        case train
        /// Sample the untrained (random) network and estimate the largest Lyapunov exponent.
        case lyapunov
    }

    /// The statistical test of the paired differences.
    public enum TestKind: String, Sendable, CaseIterable {
        /// Sign-flip permutation test of the mean difference (exact when 2^seeds ≤ permutations).
        case permutation
        /// Two one-sided tests: the difference lies within ±margin (the claim "no difference").
        case equivalence
    }

    public enum Alternative: String, Sendable, CaseIterable {
        case twoSided = "two-sided", greater, less
    }

    public struct Arm: Sendable {
        public var name: String
        public var engine: TrainingEngine
        /// Network-file fields this arm sets (dotted paths, e.g. `model.symmetric`), as JSON values.
        public var settings: [(path: String, value: JSONValue)]
    }

    public var file: String
    public var claim: String
    public var description: String
    public var baseline: String
    public var procedure: Procedure
    public var arms: [Arm]
    public var settings: [(path: String, value: JSONValue)]
    public var statistic: HypothesisMetric
    public var seeds: Int
    public var seed: UInt64
    public var test: TestKind
    public var alternative: Alternative
    public var alpha: Double
    public var margin: Double
    public var permutations: Int
    public var resamples: Int
    public var level: Double
    public var lyapunov: LyapunovSettings
    public var outputDirectory: String

    public struct LyapunovSettings: Sendable {
        public var temperature: Float = 0.1
        public var chains = 8
        public var transient = 500
        public var steps = 2000
    }

    public static func read(path: String) throws -> HypothesisSpec {
        let bytes = try FileBytes.read(path: path)
        return try decode(Data(bytes), file: path)
    }

    public static func decode(_ bytes: Data, file: String) throws -> HypothesisSpec {
        var root = try FieldReader.parse(bytes, file: file)
        _ = try root.string("family", "hypothesis", oneOf: ["hypothesis"])
        let claim = try root.string("hypothesis")
        let description = try root.string("description", "")
        let baseline = try root.string("baseline")
        let procedure = Procedure(rawValue: try root.string("procedure", "train", oneOf: Procedure.allCases.map(\.rawValue)))!
        let statistic = HypothesisMetric(rawValue: try root.string("statistic", oneOf: HypothesisMetric.allCases.map(\.rawValue)))!
        guard statistic.procedure == procedure else {
            throw InputError(file: file, place: "statistic",
                             expected: "a statistic of the \(procedure.rawValue) procedure (\(HypothesisMetric.allCases.filter { $0.procedure == procedure }.map(\.rawValue).joined(separator: ", "))), found \"\(statistic.rawValue)\"")
        }
        let seeds = try root.int("seeds", 5, in: 2...1000)
        let seed = UInt64(try root.int("seed", 1, in: 0...Int(Int32.max)))
        let settings = try Self.settings(&root, "set", file: file)
        var armReaders = try root.objects("arms")
        guard armReaders.count == 2 else {
            throw InputError(file: file, place: "arms", expected: "exactly two arms (baseline and manipulation), found \(armReaders.count)")
        }
        var arms: [Arm] = []
        for k in armReaders.indices {
            let name = try armReaders[k].string("name")
            let engine = TrainingEngine(rawValue: try armReaders[k].string("engine", "dense", oneOf: TrainingEngine.allCases.map(\.rawValue)))!
            let set = try Self.settings(&armReaders[k], "set", file: file)
            try armReaders[k].rejectUnknownKeys()
            arms.append(Arm(name: name, engine: engine, settings: set))
        }
        if arms[0].name == arms[1].name {
            throw InputError(file: file, place: "arms[1].name", expected: "a name different from arms[0]'s \"\(arms[0].name)\"")
        }
        var test = try root.object("test", optional: false)
        let kind = TestKind(rawValue: try test.string("kind", oneOf: TestKind.allCases.map(\.rawValue)))!
        let alternative = Alternative(rawValue: try test.string("alternative", "two-sided", oneOf: Alternative.allCases.map(\.rawValue)))!
        let alpha = try test.double("alpha", 0.05, in: 1e-6...0.5, "a significance level α in (0, 0.5]")
        let margin = kind == .equivalence ? try test.double("margin", nil, in: 1e-12...1e12, "a positive equivalence margin in the statistic's units")
                                          : try test.double("margin", 0, in: 0...1e12, "a non-negative margin")
        if kind == .equivalence && alternative != .twoSided {
            throw InputError(file: file, place: "test.alternative", expected: "\"two-sided\" for an equivalence test (it tests both sides)")
        }
        let permutations = try test.int("permutations", 10_000, in: 100...10_000_000)
        let resamples = try test.int("resamples", 5_000, in: 100...10_000_000)
        let level = try test.double("level", 0.95, in: 0.5...0.9999, "a confidence level from 0.5 to 0.9999")
        try test.rejectUnknownKeys()
        var lyap = LyapunovSettings()
        if root.has("lyapunov") {
            var l = try root.object("lyapunov")
            lyap.temperature = try l.float("temperature", lyap.temperature, in: 0...100, "a temperature from 0 to 100")
            lyap.chains = try l.int("chains", lyap.chains, in: 2...100_000)
            lyap.transient = try l.int("transient", lyap.transient, in: 0...10_000_000)
            lyap.steps = try l.int("steps", lyap.steps, in: 10...10_000_000)
            try l.rejectUnknownKeys()
        }
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let directory = try root.outputDirectory("runs/hypothesis-\(name)")
        try root.rejectUnknownKeys()
        return HypothesisSpec(file: file, claim: claim, description: description, baseline: baseline, procedure: procedure,
                              arms: arms, settings: settings, statistic: statistic, seeds: seeds, seed: seed, test: kind,
                              alternative: alternative, alpha: alpha, margin: margin, permutations: permutations,
                              resamples: resamples, level: level, lyapunov: lyap, outputDirectory: directory)
    }

    /// The `set` object of `reader` as (dotted path, value) pairs, in key order.
    public static func settings(_ reader: inout FieldReader, _ key: String, file: String) throws -> [(path: String, value: JSONValue)] {
        guard reader.has(key) else { _ = try reader.object(key); return [] }
        guard let object = reader.raw(key) as? [String: Any] else {
            throw InputError(file: file, place: reader.place(key), expected: "an object of network-file fields, e.g. {\"model.symmetric\": true}")
        }
        _ = try reader.object(key)   // marks the key as read
        return try object.keys.sorted().map { path in
            guard path.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ !$0.isEmpty }) && !path.isEmpty else {
                throw InputError(file: file, place: "\(reader.place(key)).\(path)", expected: "a dotted field path such as \"training.epochs\"")
            }
            return (path, try JSONValue(object[path]!, file: file, place: "\(reader.place(key)).\(path)"))
        }
    }

    /// The resolved baseline path (relative to the hypothesis file's directory, then to the current directory).
    public var baselinePath: String { NetworkPatch.resolve(baseline, relativeTo: file) }
}

/// A JSON value that is Sendable (numbers, strings, booleans, arrays and objects of them).
public indirect enum JSONValue: Sendable, Equatable {
    case number(Double), string(String), bool(Bool), array([JSONValue]), object([String: JSONValue]), null

    init(_ any: Any, file: String, place: String) throws {
        switch any {
        case is NSNull: self = .null
        case let n as NSNumber where FieldReader.describe(n) == "true" || FieldReader.describe(n) == "false":
            self = .bool(n.boolValue)
        case let n as NSNumber: self = .number(n.doubleValue)
        case let s as String: self = .string(s)
        case let a as [Any]: self = .array(try a.enumerated().map { try JSONValue($1, file: file, place: "\(place)[\($0)]") })
        case let o as [String: Any]:
            var d: [String: JSONValue] = [:]
            for (k, v) in o { d[k] = try JSONValue(v, file: file, place: "\(place).\(k)") }
            self = .object(d)
        default: throw InputError(file: file, place: place, expected: "a JSON value")
        }
    }

    /// The Foundation object `JSONSerialization` writes.
    var foundation: Any {
        switch self {
        case let .number(d): return d == d.rounded() && abs(d) < 1e15 ? NSNumber(value: Int(d)) : NSNumber(value: d)
        case let .string(s): return s
        case let .bool(b): return NSNumber(value: b)
        case let .array(a): return a.map(\.foundation)
        case let .object(o): return o.mapValues(\.foundation)
        case .null: return NSNull()
        }
    }

    public var text: String {
        switch self {
        case let .number(d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case let .string(s): return "\"\(s)\""
        case let .bool(b): return b ? "true" : "false"
        case let .array(a): return "[" + a.map(\.text).joined(separator: ", ") + "]"
        case let .object(o): return "{" + o.keys.sorted().map { "\($0): \(o[$0]!.text)" }.joined(separator: ", ") + "}"
        case .null: return "null"
        }
    }
}
