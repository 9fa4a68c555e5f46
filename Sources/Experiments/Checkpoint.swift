import DenseKernels
import FileFormats
import Foundation
import LangevinMachine

/// A training checkpoint: everything ``TrainingState`` holds plus the metric history, in one file written
/// atomically, so a run killed at any moment leaves the previous or the new checkpoint, never a torn one.
///
/// Layout: the 8 bytes `NLMCKPT1`, a little-endian UInt32 header length, a JSON header (counters, the
/// arrays' names, shapes, offsets and lengths, the network's identity), the arrays as `.npy` blobs, and a
/// little-endian CRC-32 of everything before it.
public enum Checkpoint {
    public static let fileName = "checkpoint.nlmck"
    static let magic = Array("NLMCKPT1".utf8)

    public struct Contents: Sendable, Equatable {
        public var state: TrainingState
        public var history: [EpochReport]
        public var networkName: String
        public var seed: UInt64

        public init(state: TrainingState, history: [EpochReport], networkName: String, seed: UInt64) {
            self.state = state
            self.history = history
            self.networkName = networkName
            self.seed = seed
        }
    }

    public static func encode(_ c: Contents) -> [UInt8] {
        let n = c.state.parameters.neuronCount
        var arrays: [(String, [Float], [Int])] = [
            ("couplings", c.state.parameters.couplings.storage, [n, n]),
            ("bias", c.state.parameters.bias, [n]),
            ("chains", c.state.chains.storage, [c.state.chains.rows, c.state.chains.cols]),
        ]
        if !c.state.optimizer.firstMoment.isEmpty {
            arrays.append(("adamFirstMoment", c.state.optimizer.firstMoment, [c.state.optimizer.firstMoment.count]))
            arrays.append(("adamSecondMoment", c.state.optimizer.secondMoment, [c.state.optimizer.secondMoment.count]))
        }
        var payload: [UInt8] = []
        var entries: [[String: Any]] = []
        for (name, values, shape) in arrays {
            let blob = NPY.encode(floats: values, shape: shape)
            entries.append(["name": name, "offset": payload.count, "length": blob.count])
            payload += blob
        }
        let header: [String: Any] = [
            "network": c.networkName, "seed": c.seed, "neurons": n, "hasBias": c.state.parameters.hasBias,
            "epoch": c.state.epoch, "update": c.state.update, "chainStep": c.state.chainStep,
            "optimizerSteps": c.state.optimizer.steps, "arrays": entries,
            "history": c.history.map { ["epoch": $0.epoch, "updates": $0.updates, "mismatch": $0.mismatch,
                                        "dataEnergy": $0.dataEnergy, "chainEnergy": $0.chainEnergy, "seconds": $0.seconds] },
        ]
        let json = [UInt8]((try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data())
        var bytes = magic
        bytes += withUnsafeBytes(of: UInt32(json.count).littleEndian, Array.init)
        bytes += json
        bytes += payload
        bytes += withUnsafeBytes(of: CRC32.checksum(bytes).littleEndian, Array.init)
        return bytes
    }

    public static func decode(_ bytes: [UInt8], file: String) throws -> Contents {
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else {
            throw InputError(file: file, place: "byte 0", expected: "the checkpoint magic NLMCKPT1")
        }
        let stored = bytes[(bytes.count - 4)...].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }.littleEndian
        let actual = CRC32.checksum(Array(bytes[..<(bytes.count - 4)]))
        guard stored == actual else {
            throw InputError(file: file, place: "byte \(bytes.count - 4)",
                             expected: String(format: "CRC-32 0x%08x of the contents, found 0x%08x (the file is damaged)", actual, stored))
        }
        let headerLength = Int(bytes[8..<12].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }.littleEndian)
        guard headerLength <= bytes.count - 16 else {
            throw InputError(file: file, place: "byte 8", expected: "a header length within the file, found \(headerLength)")
        }
        let payloadStart = 12 + headerLength
        var r = try FieldReader.parse(Data(bytes[12..<payloadStart]), file: file)
        let n = try r.int("neurons", nil, in: 1...(NoiseStreams.maxNeurons - 1))
        var arrays: [String: ([Int], [Float])] = [:]
        for var entry in try r.objects("arrays") {
            let name = try entry.string("name")
            let offset = try entry.int("offset", nil, in: 0...Int.max)
            let length = try entry.int("length", nil, in: 0...Int.max)
            guard offset <= bytes.count - 4 - payloadStart, length <= bytes.count - 4 - payloadStart - offset else {
                throw InputError(file: file, place: "arrays.\(name)", expected: "a blob inside the file")
            }
            let blob = Array(bytes[(payloadStart + offset)..<(payloadStart + offset + length)])
            arrays[name] = try ArrayFiles.decode(blob, file: "\(file) (\(name))")
        }
        func array(_ name: String, _ shape: [Int]) throws -> [Float] {
            guard let (s, v) = arrays[name], s == shape else {
                throw InputError(file: file, place: "arrays.\(name)", expected: "an array of shape \(shape)")
            }
            if let bad = v.firstIndex(where: { !$0.isFinite }) {
                throw InputError(file: file, place: "arrays.\(name) element \(bad)", expected: "finite values, found \(v[bad])")
            }
            return v
        }
        let hasBias = try r.bool("hasBias")
        let parameters = Parameters(couplings: Matrix(rows: n, cols: n, storage: try array("couplings", [n, n])),
                                    bias: hasBias ? try array("bias", [n]) : nil)
        guard let chainShape = arrays["chains"]?.0, chainShape.count == 2, chainShape[0] == n else {
            throw InputError(file: file, place: "arrays.chains", expected: "an array of shape [\(n), chains]")
        }
        let chains = Matrix(rows: n, cols: chainShape[1], storage: try array("chains", chainShape))
        var optimizer = OptimizerState()
        optimizer.steps = try r.int("optimizerSteps", nil, in: 0...Int.max)
        // Adam's moments: both or neither, n² + n values each (the optimiser indexes them without bounds checks).
        switch (arrays["adamFirstMoment"], arrays["adamSecondMoment"]) {
        case (nil, nil): break
        case (.some, .some):
            optimizer.firstMoment = try array("adamFirstMoment", [n * n + n])
            optimizer.secondMoment = try array("adamSecondMoment", [n * n + n])
        default:
            throw InputError(file: file, place: "arrays", expected: "both adamFirstMoment and adamSecondMoment or neither")
        }
        let state = TrainingState(parameters: parameters, chains: chains, optimizer: optimizer,
                                  epoch: try r.int("epoch", nil, in: 0...Int.max), update: try r.int("update", nil, in: 0...Int.max),
                                  chainStep: UInt64(try r.int("chainStep", nil, in: 0...Int.max)))
        return Contents(state: state, history: try ModelFile.readHistory(&r), networkName: try r.string("network"),
                        seed: UInt64(try r.int("seed", nil, in: 0...Int.max)))
    }

    public static func write(_ c: Contents, directory: String) throws {
        try ArrayFiles.createDirectory(directory)
        try AtomicFile.write(encode(c), to: (directory as NSString).appendingPathComponent(fileName))
    }

    public static func read(directory: String) throws -> Contents {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, place: "file", expected: "a checkpoint to resume from (none exists; run without --resume)")
        }
        return try decode([UInt8](data), file: path)
    }
}
