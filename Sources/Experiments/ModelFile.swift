import DenseKernels
import FileFormats
import Foundation
import LangevinMachine
import Datasets

/// A trained model on disk: a directory holding `couplings.npy` (J, float32 N × N, loadable with
/// `numpy.load`), `bias.npy` (b, float32 N, when the model has a bias) and the JSON sidecar `model.json`
/// (network, seed, epochs, encoding, metrics). Every file is written atomically.
public struct ModelFile {
    public var parameters: Parameters
    public var name: String
    public var encoding: PixelEncoding
    public var gain: Float
    public var seed: UInt64
    public var epochs: Int
    public var updates: Int
    public var temperature: Float
    public var dt: Float
    public var learnDiagonal: Bool
    /// Per-epoch metrics (epoch, mismatch, data energy, chain energy, seconds).
    public var history: [EpochReport]
    /// The network file the model was trained from.
    public var network: String
    /// Anything else to keep in the sidecar (summary numbers).
    public var extra: [String: Any] = [:]

    public static let sidecarName = "model.json"

    public init(parameters: Parameters, spec: NetworkSpec, epochs: Int, updates: Int, history: [EpochReport]) {
        self.parameters = parameters
        name = spec.name
        encoding = spec.data.encoding
        gain = spec.model.gain
        seed = spec.seed
        self.epochs = epochs
        self.updates = updates
        temperature = spec.training.temperature
        dt = spec.training.dt
        learnDiagonal = spec.model.learnDiagonal
        self.history = history
        network = spec.file
    }

    /// The sidecar path for a model argument: a directory or the sidecar itself.
    public static func sidecarPath(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return (path as NSString).appendingPathComponent(sidecarName)
        }
        return path
    }

    /// The directory `name` beside a model's files (the default output of commands that read a model).
    public static func outputDirectory(_ path: String, _ name: String) -> String {
        ((sidecarPath(path) as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
    }

    /// Whether `path` names a saved model (a directory with a sidecar, or a sidecar) rather than a network file.
    public static func isModel(_ path: String) -> Bool {
        guard let bytes = FileManager.default.contents(atPath: sidecarPath(path)),
              let object = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else { return false }
        return object["format"] as? String == "neurallangevin-model"
    }

    public func save(to directory: String) throws {
        try ArrayFiles.createDirectory(directory)
        let n = parameters.neuronCount
        try ArrayFiles.write(parameters.couplings.storage, shape: [n, n], to: (directory as NSString).appendingPathComponent("couplings.npy"))
        if parameters.hasBias {
            try ArrayFiles.write(parameters.bias, shape: [n], to: (directory as NSString).appendingPathComponent("bias.npy"))
        }
        var sidecar: [String: Any] = [
            "format": "neurallangevin-model", "version": 1, "family": "nlm", "name": name, "neurons": n,
            "couplings": "couplings.npy", "hasBias": parameters.hasBias, "learnDiagonal": learnDiagonal,
            "gain": gain, "seed": seed, "epochs": epochs, "updates": updates,
            "temperature": temperature, "dt": dt, "network": network,
            "encoding": Self.encodingName(encoding),
            "history": history.map { ["epoch": $0.epoch, "updates": $0.updates, "mismatch": $0.mismatch,
                                      "dataEnergy": $0.dataEnergy, "chainEnergy": $0.chainEnergy, "seconds": $0.seconds] },
        ]
        if case let .atanh(epsilon) = encoding { sidecar["epsilon"] = epsilon }
        if parameters.hasBias { sidecar["bias"] = "bias.npy" }
        for (k, v) in extra { sidecar[k] = v }
        try ArrayFiles.writeJSON(sidecar, to: (directory as NSString).appendingPathComponent(Self.sidecarName))
    }

    static func encodingName(_ e: PixelEncoding) -> String {
        if case .linear = e { return "linear" } else { return "atanh" }
    }

    /// Reads and validates a model (directory or sidecar path).
    public static func load(_ path: String) throws -> ModelFile {
        let sidecar = sidecarPath(path)
        guard let bytes = FileManager.default.contents(atPath: sidecar) else {
            throw InputError(file: sidecar, place: "file", expected: "a model sidecar written by nlm (it does not exist or cannot be read)")
        }
        var r = try FieldReader.parse(bytes, file: sidecar)
        _ = try r.string("format", nil, oneOf: ["neurallangevin-model"])
        _ = try r.int("version", nil, in: 1...1)
        _ = try r.string("family", "nlm", oneOf: ["nlm"])
        let n = try r.int("neurons", nil, in: 1...(NoiseStreams.maxNeurons - 1))
        let directory = (sidecar as NSString).deletingLastPathComponent
        let couplingsFile = (directory as NSString).appendingPathComponent(try r.string("couplings", "couplings.npy"))
        let (jShape, j) = try ArrayFiles.read(couplingsFile)
        guard jShape == [n, n] else {
            throw InputError(file: couplingsFile, place: "shape", expected: "[\(n), \(n)] (neurons × neurons, from \(sidecar)), found \(jShape)")
        }
        if let bad = j.firstIndex(where: { !$0.isFinite }) {
            throw InputError(file: couplingsFile, place: "element \(bad) (J[\(bad / n), \(bad % n)])", expected: "finite couplings, found \(j[bad])")
        }
        let hasBias = try r.bool("hasBias", false)
        var bias: [Float]?
        if hasBias {
            let biasFile = (directory as NSString).appendingPathComponent(try r.string("bias", "bias.npy"))
            let (bShape, b) = try ArrayFiles.read(biasFile)
            guard bShape == [n] else {
                throw InputError(file: biasFile, place: "shape", expected: "[\(n)] (one bias per neuron), found \(bShape)")
            }
            if let bad = b.firstIndex(where: { !$0.isFinite }) {
                throw InputError(file: biasFile, place: "element \(bad)", expected: "finite values, found \(b[bad])")
            }
            bias = b
        } else {
            _ = try r.string("bias", "")
        }
        let encoding: PixelEncoding = try r.string("encoding", "atanh", oneOf: ["atanh", "linear"]) == "linear"
            ? .linear : .atanh(epsilon: try r.float("epsilon", 0.03, in: 1e-6...0.5, "a clip ε from 1e-6 to 0.5"))
        var spec = NetworkSpec(name: try r.string("name", "model"), neurons: n, outputDirectory: directory)
        spec.data.encoding = encoding
        spec.model.gain = try r.float("gain", 2, in: 0...100)
        spec.seed = UInt64(try r.int("seed", 1, in: 0...Int(Int32.max)))
        spec.training.temperature = try r.positive("temperature", 1)
        spec.training.dt = try r.float("dt", 0.01, in: 1e-6...1)
        spec.model.learnDiagonal = try r.bool("learnDiagonal", false)
        spec.file = try r.string("network", "")
        var model = ModelFile(parameters: Parameters(couplings: Matrix(rows: n, cols: n, storage: j), bias: bias),
                              spec: spec, epochs: try r.int("epochs", 0, in: 0...Int(Int32.max)),
                              updates: try r.int("updates", 0, in: 0...Int.max), history: [])
        model.history = try Self.readHistory(&r)
        for key in r.unreadKeys { model.extra[key] = r.raw(key) }
        return model
    }

    static func readHistory(_ r: inout FieldReader) throws -> [EpochReport] {
        let rows = try r.objects("history")
        return try rows.map { row in
            var row = row
            return EpochReport(epoch: try row.int("epoch"), updates: try row.int("updates", 0),
                               mismatch: try row.float("mismatch"), dataEnergy: try row.float("dataEnergy", .nan),
                               chainEnergy: try row.float("chainEnergy", .nan), seconds: try row.double("seconds", 0))
        }
    }
}
