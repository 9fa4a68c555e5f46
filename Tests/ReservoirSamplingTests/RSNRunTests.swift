import FileFormats
import Foundation
import ReservoirSampling
import TestSupport
import XCTest

/// A tiny RSN file runs end to end and writes its report, pictures, samples and trained networks; bad fields
/// are reported by name.
final class RSNRunTests: TemporaryDirectoryTestCase {
    func write(_ json: String) throws -> String {
        let file = path("rsn.json")
        try json.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func testTinyRunWritesReportSamplesAndNetworks() throws {
        let out = path("out")
        let file = try write("""
        {"family": "rsn", "name": "tiny", "target": "two-peak", "reservoir": {"neurons": 10},
         "training": {"levels": 2, "stepsPerLevel": 40, "batchSize": 32, "antithetic": true, "finalLearningRateFactor": 0.5},
         "sampling": {"chains": 60, "steps": 40, "dt": 0.005}, "baselines": "synapticCurrent", "sweep": [4],
         "test": {"permutations": 20}, "outputs": {"directory": "\(out)"}}
        """)
        let report = try String(contentsOfFile: try RSNRun.run(file: file, outputDirectory: nil, seed: 2, quiet: true), encoding: .utf8)
        XCTAssertTrue(report.contains("| RSN (N = 10) |"))
        XCTAssertTrue(report.contains("| 4 |"), "the sweep row")
        for name in ["histogram.svg", "score.svg", "loss.svg", "target-samples.npy"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + name), name)
        }
        XCTAssertEqual(try NPY.read(path: out + "/samples-0.npy").shape, [60, 1])
        XCTAssertEqual(try NPY.read(path: out + "/model-0-w1.npy").shape, [1, 10])
        XCTAssertEqual(try NPY.read(path: out + "/model-0-w2.npy").shape, [10, 1])
        XCTAssertEqual(try NPY.read(path: out + "/model-1-bias.npy").shape, [1])
        XCTAssertTrue(try NPY.read(path: out + "/samples-0.npy").floatValues().allSatisfy(\.isFinite))
    }

    func testBadFieldsAreNamed() throws {
        for (json, place) in [(#"{"family": "rsn", "target": "three-peak"}"#, "target"),
                              (#"{"family": "rsn", "target": "two-peak", "training": {"optimizer": "sgd"}}"#, "training.optimizer"),
                              (#"{"family": "rsn", "target": "two-peak", "test": {"alpha": 0.9}}"#, "test.alpha"),
                              (#"{"family": "rsn", "target": "mnist-pca", "data": {"components": 0}}"#, "data.components")] {
            let file = try write(json)
            XCTAssertThrowsError(try RSNRun.validate(file: file), json) { error in
                guard let e = error as? InputError else { return XCTFail("\(error) is not an InputError") }
                XCTAssertEqual(e.place, place, json)
            }
        }
    }
}
