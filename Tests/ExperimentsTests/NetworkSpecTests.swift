import TestSupport
import XCTest
import ReservoirSampling
import ProbabilityFlow
import MultiplicativeDiffusion
import Experiments
import FileFormats
import Foundation

/// Network files: every shipped file decodes, and every class of mistake gets a message naming the file, the
/// field and what was expected.
final class NetworkSpecTests: XCTestCase {
    static let networks = URL(fileURLWithPath: RepositoryPaths.networks)

    func testEveryShippedNetworkDecodes() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.networks.path).filter { $0.hasSuffix(".json") }
        XCTAssertTrue(files.contains("default.json"))
        XCTAssertTrue(files.contains("nlm-mnist-136.json"))
        XCTAssertTrue(files.contains("nlm-mnist-136-small.json"))
        for file in files {
            let path = Self.networks.appendingPathComponent(file).path
            if try NetworkFamily.of(path: path) == .rsn { try RSNRun.validate(file: path); continue }
            if try NetworkFamily.of(path: path) == .vpf { try VPFRun.validate(file: path); continue }
            if try NetworkFamily.of(path: path) == .gbm { try GBMRun.validate(file: path); continue }
            let spec = try NetworkSpec.read(path: path)
            XCTAssertEqual(spec.neurons, spec.data.size * spec.data.size, "\(file): one neuron per pixel")
            XCTAssertFalse(spec.description.isEmpty, "\(file) says what it is")
        }
    }

    func testEveryShippedExperimentDecodesAndNamesAnExistingNetwork() throws {
        let directory = Self.networks.appendingPathComponent("experiments").path
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }
        XCTAssertEqual(Set(files.map { ($0 as NSString).deletingPathExtension }), Set(PaperExperiment.names))
        for file in files {
            let spec = try ExperimentSpec.read(path: (directory as NSString).appendingPathComponent(file))
            XCTAssertEqual(spec.kind.rawValue + ".json", file)
            XCTAssertTrue(FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(spec.network)), file)
        }
    }

    func testPaperNetworkHasThePapersHyperparameters() throws {
        let spec = try NetworkSpec.read(path: Self.networks.appendingPathComponent("nlm-mnist-136.json").path)
        XCTAssertEqual(spec.data.digits, [1, 3, 6])
        XCTAssertEqual(spec.data.count, 18000)
        XCTAssertEqual(spec.training.batchSize, 1000)
        XCTAssertEqual(spec.training.chainSteps, 10)
        XCTAssertEqual(spec.training.dt, 0.01)
        XCTAssertEqual(spec.epochs, 3000)
        XCTAssertEqual(spec.model.gain, 2)
        guard case let .gradientDescent(k, decay) = spec.training.optimizer else { return XCTFail("descent expected") }
        XCTAssertEqual(k, 5e-4)
        XCTAssertEqual(decay, 2e-6)
    }

    func decodeError(_ json: String) -> String {
        do {
            _ = try NetworkSpec.decode(Data(json.utf8), file: "bad.json")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testMistakesNameFileFieldAndExpectation() {
        let cases: [(String, [String])] = [
            ("{\"name\": \"x\", \"training\": {\"dt\": -0.1}}", ["bad.json", "training.dt", "time step", "-0.1"]),
            ("{\"name\": \"x\", \"training\": {\"temperature\": -1}}", ["training.temperature", "positive"]),
            ("{\"name\": \"x\", \"training\": {\"batchSzie\": 10}}", ["training.batchSzie", "did you mean \"batchSize\""]),
            ("{\"name\": \"x\", \"model\": {\"gain\": \"two\"}}", ["model.gain", "found \"two\""]),
            ("{\"name\": \"x\", \"model\": {\"gain\": 1e300}}", ["model.gain"]),
            ("{\"neurons\": 784}", ["name", "missing"]),
            ("{\"name\": \"x\", \"data\": {\"digits\": [1, 12]}}", ["data.digits[1]", "0 to 9"]),
            ("{\"name\": \"x\", \"data\": {\"source\": \"cifar\"}}", ["data.source", "\"glyphs\""]),
            ("{\"name\": \"x\", \"data\": {\"count\": 50}, \"training\": {\"batchSize\": 100}}", ["training.batchSize", "at most"]),
            ("{\"name\": \"x\", \"model\": {\"bias\": 1}}", ["model.bias", "true or false"]),
            ("{\"name\": \"x\", \"training\": {\"epochs\": 2.5}}", ["training.epochs", "whole number"]),
            ("{\"name\": \"x\",", ["bad.json", "JSON syntax"]),
            ("[1, 2]", ["top level", "object"]),
            ("{\"name\": \"x\", \"neurons\": 0}", ["neurons"]),
        ]
        for (json, fragments) in cases {
            let message = decodeError(json)
            for fragment in fragments {
                XCTAssertTrue(message.contains(fragment), "message for \(json) lacks \"\(fragment)\": \(message)")
            }
        }
    }

    func testDefaultsFillMissingOptionalFields() throws {
        let spec = try NetworkSpec.decode(Data("{\"name\": \"minimal\"}".utf8), file: "m.json")
        XCTAssertEqual(spec.neurons, 784)
        XCTAssertEqual(spec.training.dt, 0.01)
        XCTAssertEqual(spec.outputDirectory, "runs/minimal")
    }
}
