import TestSupport
import XCTest
import DenseKernels
import Experiments
import FileFormats
import Foundation
import LangevinMachine

/// One test per row of `docs/bad-input.md`: each builds the bad input in a temporary directory, feeds it to
/// the reader the program uses, and checks that the `InputError` names the file, the place and the
/// expectation the table shows. A reader that traps would crash the suite, so every row also proves
/// "no crash" for its input.
final class BadInputTableTests: TemporaryDirectoryTestCase {
    /// Writes `bytes` to `name` in the temporary directory and returns its path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let p = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        return p
    }

    /// Asserts `body` throws an `InputError` whose file ends with `file`, whose place is `place` and whose
    /// expectation contains `expected`. With `BAD_INPUT_TABLE=1` in the environment it prints the message
    /// (how `docs/bad-input.md` was filled in).
    func assertRow(_ file: String, _ place: String, _ expected: String, name: String = #function,
                   line: UInt = #line, _ body: () throws -> Void) {
        do {
            try body()
            XCTFail("no error for the bad input of \(name)", line: line)
        } catch let error as InputError {
            if ProcessInfo.processInfo.environment["BAD_INPUT_TABLE"] != nil {
                print("ROW \(name) | \(error.description.replacingOccurrences(of: directory + "/", with: ""))")
            }
            XCTAssertTrue(error.file.hasSuffix(file), "file \"\(error.file)\" does not end with \"\(file)\"", line: line)
            XCTAssertEqual(error.place, place, "in \(error)", line: line)
            XCTAssertTrue(error.expected.contains(expected), "\"\(error.expected)\" does not contain \"\(expected)\"", line: line)
        } catch {
            XCTFail("expected an InputError, got \(error)", line: line)
        }
    }

    // MARK: - Network files (NetworkSpec, FieldReader)

    /// A valid tiny glyph network with `edit` applied to its JSON object.
    func network(_ edit: (inout [String: Any]) -> Void = { _ in }) throws -> String {
        var object: [String: Any] = [
            "name": "tiny", "neurons": 64,
            "data": ["source": "glyphs", "size": 8, "count": 60, "testCount": 10] as [String: Any],
            "training": ["batchSize": 20, "epochs": 2] as [String: Any],
        ]
        edit(&object)
        let p = path("net.json")
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: p))
        return p
    }

    func nested(_ object: inout [String: Any], _ section: String, _ key: String, _ value: Any) {
        var inner = object[section] as? [String: Any] ?? [:]
        inner[key] = value
        object[section] = inner
    }

    func testJSONSyntaxErrorNamesFileAndSyntax() throws {
        let p = try write("net.json", Array("{\"name\": \"tiny\",, }".utf8))
        assertRow("net.json", "JSON syntax", "valid JSON") { _ = try NetworkSpec.read(path: p) }
    }

    func testTopLevelArrayIsRejected() throws {
        let p = try write("net.json", Array("[1, 2]".utf8))
        assertRow("net.json", "top level", "a JSON object") { _ = try NetworkSpec.read(path: p) }
    }

    func testWrongTypeNamesFieldAndFoundValue() throws {
        let p = try network { $0["neurons"] = "64" }
        assertRow("net.json", "neurons", "a whole number from 1 to") { _ = try NetworkSpec.read(path: p) }
    }

    func testMissingRequiredFieldIsNamed() throws {
        let p = try network { $0["name"] = nil }
        assertRow("net.json", "name", "a string (the field is missing)") { _ = try NetworkSpec.read(path: p) }
    }

    func testUnknownKeySuggestsClosestField() throws {
        let p = try network { self.nested(&$0, "training", "temprature", 1) }
        assertRow("net.json", "training.temprature", "(did you mean \"temperature\"?)") { _ = try NetworkSpec.read(path: p) }
    }

    func testNegativeTemperatureIsRejected() throws {
        let p = try network { self.nested(&$0, "training", "temperature", -1) }
        assertRow("net.json", "training.temperature", "a positive number, found -1") { _ = try NetworkSpec.read(path: p) }
    }

    func testNegativeTimeStepIsRejected() throws {
        let p = try network { self.nested(&$0, "training", "dt", -0.01) }
        assertRow("net.json", "training.dt", "a time step dt from 1e-6 to 1, found -0.01") { _ = try NetworkSpec.read(path: p) }
    }

    func testGainBeyondFloatRangeIsRejected() throws {
        // 1e39 overflows Float (max ≈ 3.4e38): it must be refused, not turned into +inf couplings.
        let p = try network { self.nested(&$0, "model", "gain", 1e39) }
        assertRow("net.json", "model.gain", "a coupling gain g from 0 to 100") { _ = try NetworkSpec.read(path: p) }
    }

    func testGainLiteralOverflowingDoubleIsRejected() throws {
        // 1e400 overflows even Double: JSONSerialization either refuses it or yields ±inf, both must be errors.
        let text = "{\"name\": \"tiny\", \"neurons\": 64, \"model\": {\"gain\": 1e400}}"
        let p = try write("net.json", Array(text.utf8))
        do {
            _ = try NetworkSpec.read(path: p)
            XCTFail("a gain of 1e400 was accepted")
        } catch let error as InputError {
            if ProcessInfo.processInfo.environment["BAD_INPUT_TABLE"] != nil { print("ROW \(#function) | \(error)") }
            XCTAssertTrue(error.file.hasSuffix("net.json"))
            XCTAssertTrue(["model.gain", "JSON syntax"].contains(error.place), "\(error)")
        }
    }

    func testUnknownChoiceListsTheChoices() throws {
        let p = try network { self.nested(&$0, "data", "source", "cifar") }
        assertRow("net.json", "data.source", "one of \"glyphs\", \"mnist\", found \"cifar\"") { _ = try NetworkSpec.read(path: p) }
    }

    func testArrayElementOutOfRangeNamesIndex() throws {
        let p = try network { self.nested(&$0, "data", "digits", [1, 12]) }
        assertRow("net.json", "data.digits[1]", "a whole number from 0 to 9, found 12") { _ = try NetworkSpec.read(path: p) }
    }

    func testBatchLargerThanDataIsRejected() throws {
        let p = try network { self.nested(&$0, "training", "batchSize", 61) }
        assertRow("net.json", "training.batchSize", "at most data.count (60) samples, found 61") { _ = try NetworkSpec.read(path: p) }
    }

    func testImageSetTooLargeForMemoryIsRejected() throws {
        // 10^7 images of 256×256 would be 2.6 TB of Float pixels: refused before any allocation.
        let p = try network { self.nested(&$0, "data", "count", 10_000_000); self.nested(&$0, "data", "size", 256) }
        assertRow("net.json", "data.count", "at most 32768 images of 256×256 pixels (2^31 pixel values in memory), found 10000000") {
            _ = try NetworkSpec.read(path: p)
        }
    }

    func testNeuronCountNotMatchingImagesIsRejected() throws {
        let p = try network { $0["neurons"] = 100 }
        let spec = try NetworkSpec.read(path: p)
        assertRow("net.json", "neurons", "64 (one neuron per pixel of the 8×8 images), found 100") {
            _ = try ExperimentData.load(spec)
        }
    }

    func testMissingNetworkFileIsNamed() {
        let p = path("absent.json")
        assertRow("absent.json", "file", "a readable network file") { _ = try NetworkSpec.read(path: p) }
    }

    // MARK: - IDX and MNIST

    func testIDXTruncatedHeader() throws {
        let p = try write("a.idx", [0, 0, 8, 3, 0, 0, 0, 2])
        assertRow("a.idx", "byte 8", "3 big-endian 32-bit dimensions (header of 16 bytes is truncated)") { _ = try IDX.read(path: p) }
    }

    func testIDXWrongMagic() throws {
        let p = try write("a.idx", [0x50, 0x4B, 3, 4, 0, 0, 0, 0])
        assertRow("a.idx", "byte 0", "IDX magic 0x0000 then a type code, found 0x504b") { _ = try IDX.read(path: p) }
    }

    func testIDXUnknownTypeCode() throws {
        let p = try write("a.idx", [0, 0, 0x07, 1, 0, 0, 0, 0])
        assertRow("a.idx", "byte 2", "IDX type code 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e, found 0x07") { _ = try IDX.read(path: p) }
    }

    func testIDXDimensionProductOverflow() throws {
        let p = try write("a.idx", [0, 0, 8, 3] + [UInt8](repeating: 0xFF, count: 12))
        assertRow("a.idx", "byte 8", "dimensions whose product fits in memory") { _ = try IDX.read(path: p) }
    }

    func testIDXTruncatedData() throws {
        let p = try write("a.idx", [0, 0, 8, 1, 0, 0, 0, 5, 1, 2])
        assertRow("a.idx", "byte 10", "5 data bytes for shape [5] of uint8, found 2 (file is truncated)") { _ = try IDX.read(path: p) }
    }

    func testIDXExtraBytes() throws {
        let p = try write("a.idx", [0, 0, 8, 1, 0, 0, 0, 1, 7, 9, 9])
        assertRow("a.idx", "byte 9", "end of file after 1 data bytes, found 2 extra bytes") { _ = try IDX.read(path: p) }
    }

    /// A spec reading MNIST from the temporary directory.
    func mnistSpec() -> NetworkSpec {
        var spec = NetworkSpec(name: "m", neurons: 784, outputDirectory: path("out"))
        spec.data.source = .mnist
        spec.data.path = directory
        spec.data.count = 2
        spec.training.batchSize = 1
        spec.file = path("m.json")
        return spec
    }

    func testMNISTLabelOutOfRange() throws {
        try write("train-images-idx3-ubyte", IDX.encode(uint8: [UInt8](repeating: 0, count: 2 * 784), shape: [2, 28, 28]))
        try write("train-labels-idx1-ubyte", IDX.encode(uint8: [1, 12], shape: [2]))
        assertRow("train-labels-idx1-ubyte", "byte 9 (label 1)", "a digit 0–9, found 12") { _ = try ExperimentData.load(self.mnistSpec()) }
    }

    func testMNISTImagesOfWrongSize() throws {
        try write("train-images-idx3-ubyte", IDX.encode(uint8: [UInt8](repeating: 0, count: 2 * 28 * 27), shape: [2, 28, 27]))
        try write("train-labels-idx1-ubyte", IDX.encode(uint8: [1, 3], shape: [2]))
        assertRow("train-images-idx3-ubyte", "dimensions", "3 dimensions n × 28 × 28, found shape [2, 28, 27]") {
            _ = try ExperimentData.load(self.mnistSpec())
        }
    }

    func testMNISTLabelCountNotMatchingImages() throws {
        try write("train-images-idx3-ubyte", IDX.encode(uint8: [UInt8](repeating: 0, count: 2 * 784), shape: [2, 28, 28]))
        try write("train-labels-idx1-ubyte", IDX.encode(uint8: [1, 3, 6], shape: [3]))
        assertRow("train-labels-idx1-ubyte", "item count", "2 labels, one per image") { _ = try ExperimentData.load(self.mnistSpec()) }
    }

    // MARK: - gzip

    func gzipped() -> [UInt8] { GZip.compress(IDX.encode(uint8: [1, 2, 3, 4], shape: [4])) }

    func testGZipBadCRC() throws {
        var bytes = gzipped()
        bytes[bytes.count - 8] ^= 0xFF
        let p = try write("labels.gz", bytes)
        assertRow("labels.gz", "byte \(bytes.count - 8)", "CRC-32") { _ = try IDX.read(path: p) }
    }

    func testGZipBadLength() throws {
        var bytes = gzipped()
        bytes[bytes.count - 4] &+= 1
        let p = try write("labels.gz", bytes)
        assertRow("labels.gz", "byte \(bytes.count - 4)", "ISIZE 12 (data length mod 2^32), found 13") { _ = try IDX.read(path: p) }
    }

    func testGZipTruncatedTrailer() throws {
        let bytes = Array(gzipped().dropLast(3))
        let p = try write("labels.gz", bytes)
        assertRow("labels.gz", "byte \(bytes.count)", "CRC-32 and ISIZE trailer (file is truncated)") { _ = try IDX.read(path: p) }
    }

    func testGZipReservedBlockType() throws {
        // Header, then a DEFLATE block header with BFINAL = 1 and BTYPE = 11 (reserved).
        let p = try write("labels.gz", [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255, 0x07, 0, 0, 0, 0, 0, 0, 0, 0])
        assertRow("labels.gz", "byte 10", "block type") { _ = try IDX.read(path: p) }
    }

    // MARK: - NPY

    func testNPYWrongMagic() throws {
        let p = try write("a.npy", Array("PK\u{3}\u{4}zipzipzip".utf8))
        assertRow("a.npy", "byte 0", "the .npy magic \\x93NUMPY") { _ = try NPY.read(path: p) }
    }

    /// A version 1.0 `.npy` file with the given header dictionary text and data bytes.
    func npy(header: String, data: [UInt8]) -> [UInt8] {
        var h = Array(header.utf8)
        let padded = (10 + h.count + 1 + 63) / 64 * 64
        h += [UInt8](repeating: 0x20, count: padded - 10 - h.count - 1) + [0x0A]
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(h.count & 0xFF), UInt8(h.count >> 8)] + h + data
    }

    func testNPYBigEndianDtype() throws {
        let p = try write("a.npy", npy(header: "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", data: [0, 0, 0, 0]))
        assertRow("a.npy", "header 'descr'", "(little-endian), found '>f4'") { _ = try NPY.read(path: p) }
    }

    func testNPYUnsupportedDtype() throws {
        let p = try write("a.npy", npy(header: "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", data: [UInt8](repeating: 0, count: 8)))
        assertRow("a.npy", "header 'descr'", "dtype '<f4', '<f8', '<i4', '<i8', '|u1' or '|i1' (little-endian), found '<c8'") {
            _ = try NPY.read(path: p)
        }
    }

    func testNPYOversizedHeaderLength() throws {
        let p = try write("a.npy", [0x93] + Array("NUMPY".utf8) + [2, 0, 0xFF, 0xFF, 0xFF, 0x7F])
        assertRow("a.npy", "byte 8", "a header length ≤ 1048576 bytes, found 2147483647") { _ = try NPY.read(path: p) }
    }

    func testNPYShapeProductOverflow() throws {
        let p = try write("a.npy", npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", data: []))
        assertRow("a.npy", "header 'shape'", "dimensions whose product fits in memory") { _ = try NPY.read(path: p) }
    }

    func testNPYMissingKey() throws {
        let p = try write("a.npy", npy(header: "{'descr': '<f4', 'shape': (1,), }", data: [0, 0, 0, 0]))
        assertRow("a.npy", "header", "the keys 'descr', 'fortran_order' and 'shape'") { _ = try NPY.read(path: p) }
    }

    func testNPYTruncatedData() throws {
        var bytes = NPY.encode(floats: [1, 2, 3], shape: [3])
        bytes.removeLast(2)
        let p = try write("a.npy", bytes)
        assertRow("a.npy", "byte \(bytes.count)", "12 data bytes for shape [3] of '<f4', found 10 (file is truncated)") { _ = try NPY.read(path: p) }
    }

    // MARK: - PNG

    func testPNGWrongSignature() throws {
        let p = try write("a.png", Array("GIF89a..".utf8))
        assertRow("a.png", "byte 0", "the PNG signature 89 50 4E 47 0D 0A 1A 0A") { _ = try PNG.read(path: p) }
    }

    func testPNGChunkCRC() throws {
        var bytes = PNG.encode(PNGImage(width: 2, height: 2, color: .gray, pixels: [0, 64, 128, 255]))
        bytes[16] ^= 1  // a byte of IHDR's width
        let p = try write("a.png", bytes)
        assertRow("a.png", "byte 29", "of chunk IHDR, found") { _ = try PNG.read(path: p) }
    }

    // MARK: - Model files

    /// A model directory with an N = 2 sidecar and the given couplings file.
    func model(couplings: [UInt8], sidecar: [String: Any]? = nil) throws -> String {
        let dir = path("model")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(couplings).write(to: URL(fileURLWithPath: dir + "/couplings.npy"))
        let object = sidecar ?? ["format": "neurallangevin-model", "version": 1, "neurons": 2, "hasBias": false]
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: dir + "/model.json"))
        return dir
    }

    func testModelCouplingsWithNaN() throws {
        let dir = try model(couplings: NPY.encode(floats: [0, 1, .nan, 0], shape: [2, 2]))
        assertRow("couplings.npy", "element 2 (J[1, 0])", "finite couplings, found nan") { _ = try ModelFile.load(dir) }
    }

    func testModelCouplingsWithInfinity() throws {
        let dir = try model(couplings: NPY.encode(NPYArray(shape: [2, 2], values: .float64([0, .infinity, 0, 0]))))
        assertRow("couplings.npy", "element 1 (J[0, 1])", "finite couplings, found inf") { _ = try ModelFile.load(dir) }
    }

    func testModelCouplingsShapeNotMatchingSidecar() throws {
        let dir = try model(couplings: NPY.encode(floats: [Float](repeating: 0, count: 9), shape: [3, 3]))
        assertRow("couplings.npy", "shape", "[2, 2] (neurons × neurons") { _ = try ModelFile.load(dir) }
    }

    func testModelSidecarWithoutFormat() throws {
        let dir = try model(couplings: NPY.encode(floats: [0, 0, 0, 0], shape: [2, 2]), sidecar: ["version": 1, "neurons": 2])
        assertRow("model.json", "format", "one of \"neurallangevin-model\" (the field is missing)") { _ = try ModelFile.load(dir) }
    }

    func testModelCounterBeyondIntIsRejected() throws {
        // 2^63 does not fit in Int; as a Double it equals Double(Int.max), and converting it used to trap.
        let dir = try model(couplings: NPY.encode(floats: [0, 0, 0, 0], shape: [2, 2]))
        let text = "{\"format\": \"neurallangevin-model\", \"version\": 1, \"neurons\": 2, \"updates\": 9223372036854775808}"
        try write("model/model.json", Array(text.utf8))
        assertRow("model.json", "updates", "a whole number from 0 to \(Int.max), found 9") { _ = try ModelFile.load(dir) }
    }

    func testModelCounterAtIntMaxIsReadExactly() throws {
        // The companion of the row above: the largest Int is a valid counter and is read without rounding.
        let dir = try model(couplings: NPY.encode(floats: [0, 0, 0, 0], shape: [2, 2]),
                            sidecar: ["format": "neurallangevin-model", "version": 1, "neurons": 2, "updates": Int64.max])
        XCTAssertEqual(try ModelFile.load(dir).updates, Int.max)
    }

    // MARK: - Checkpoints

    func checkpointBytes() -> [UInt8] {
        let p = Parameters.random(neurons: 3, gain: 1, seed: 2, bias: true)
        return Checkpoint.encode(.init(state: .initial(parameters: p, chains: 2, seed: 2), history: [], networkName: "t", seed: 2))
    }

    func testCheckpointDamagedByteFailsCRC() throws {
        var bytes = checkpointBytes()
        bytes[bytes.count / 2] ^= 0x10
        try FileManager.default.createDirectory(atPath: path("out"), withIntermediateDirectories: true)
        try write("out/" + Checkpoint.fileName, bytes)
        assertRow(Checkpoint.fileName, "byte \(bytes.count - 4)", "of the contents, found") { _ = try Checkpoint.read(directory: self.path("out")) }
    }

    func testCheckpointWrongMagic() throws {
        var bytes = checkpointBytes()
        bytes[7] = UInt8(ascii: "2")
        assertRow("ck", "byte 0", "the checkpoint magic NLMCKPT1") { _ = try Checkpoint.decode(bytes, file: "ck") }
    }

    func testCheckpointHeaderLengthBeyondFile() throws {
        var bytes = Array(checkpointBytes().dropLast(4))
        bytes.replaceSubrange(8..<12, with: [0xFF, 0xFF, 0xFF, 0x0F])
        bytes += withUnsafeBytes(of: CRC32.checksum(bytes).littleEndian, Array.init)
        assertRow("ck", "byte 8", "a header length within the file, found 268435455") { _ = try Checkpoint.decode(bytes, file: "ck") }
    }

    func testCheckpointAdamMomentsOfWrongSize() throws {
        // With a valid CRC: the optimiser would index these arrays out of bounds on resume.
        var state = TrainingState.initial(parameters: Parameters.random(neurons: 3, gain: 1, seed: 2, bias: true), chains: 2, seed: 2)
        state.optimizer.firstMoment = [Float](repeating: 0, count: 12)
        state.optimizer.secondMoment = [Float](repeating: 0, count: 5)
        let bytes = Checkpoint.encode(.init(state: state, history: [], networkName: "t", seed: 2))
        assertRow("ck", "arrays.adamSecondMoment", "an array of shape [12]") { _ = try Checkpoint.decode(bytes, file: "ck") }
    }

    func testCheckpointWithNaNCouplings() throws {
        var p = Parameters.random(neurons: 3, gain: 1, seed: 2, bias: true)
        p.couplings.storage[4] = .nan
        let bytes = Checkpoint.encode(.init(state: .initial(parameters: p, chains: 2, seed: 2), history: [], networkName: "t", seed: 2))
        assertRow("ck", "arrays.couplings element 4", "finite values, found nan") { _ = try Checkpoint.decode(bytes, file: "ck") }
    }

    func testResumeWithoutCheckpoint() {
        assertRow(Checkpoint.fileName, "file", "a checkpoint to resume from (none exists; run without --resume)") {
            _ = try Checkpoint.read(directory: self.path("nothing"))
        }
    }

    // MARK: - Command line

    func runCommand(_ name: String, _ arguments: [String]) throws {
        let command = try XCTUnwrap(Commands.all.first { $0.name == name })
        _ = try command.action(try CommandArguments(command: name, arguments, options: command.options))
    }

    func testMisspeltOptionSuggestsClosest() {
        assertRow("nlm train", "--epoch", "(did you mean --epochs?)") { try self.runCommand("train", ["net.json", "--epoch", "3"]) }
    }

    func testOptionValueOutOfRange() {
        assertRow("nlm train", "--epochs", "a whole number from 0 to 10000000, found \"-3\"") { try self.runCommand("train", ["net.json", "--epochs", "-3"]) }
    }

    func testOptionWithoutValue() {
        assertRow("nlm train", "--seed", "a value S after it") { try self.runCommand("train", ["net.json", "--seed"]) }
    }

    func testSwitchGivenAValue() {
        assertRow("nlm train", "--resume", "no value (it is a switch)") { try self.runCommand("train", ["net.json", "--resume=yes"]) }
    }

    func testMissingPositionalArgument() {
        assertRow("nlm train", "arguments", "<network.json>, found nothing") { try self.runCommand("train", ["--quiet"]) }
    }

    func testSeedOutOfRange() {
        assertRow("nlm train", "--seed", "a whole number from 0 to 2147483647, found \"-1\"") { try self.runCommand("train", ["net.json", "--seed", "-1"]) }
    }
}
