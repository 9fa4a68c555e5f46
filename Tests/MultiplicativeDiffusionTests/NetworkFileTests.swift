import FileFormats
import Foundation
import MultiplicativeDiffusion
import XCTest

/// GBM network files: mistakes give an InputError naming the file, the field and the expectation; small runs
/// of the mixture and Dale's-law experiments write their summaries.
final class NetworkFileTests: XCTestCase {
    func write(_ json: String) throws -> String {
        let path = NSTemporaryDirectory() + "gbm-\(UUID().uuidString).json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func expectError(_ json: String, place: String, mentioning words: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = try write(json)
        XCTAssertThrowsError(try GBMRun.validate(file: path), file: file, line: line) { error in
            guard let e = error as? InputError else { return XCTFail("\(error) is not an InputError", file: file, line: line) }
            XCTAssertEqual(e.file, path, file: file, line: line)
            XCTAssertEqual(e.place, place, file: file, line: line)
            XCTAssertTrue(e.expected.contains(words), "\(e.expected)", file: file, line: line)
        }
    }

    func testBadFieldsAreReportedByName() throws {
        try expectError(#"{"family": "gbm", "experiment": "mixture", "target": {"weights": [1], "logMeans": [0, 1], "logStds": [0.1]}}"#,
                        place: "target", mentioning: "equal")
        try expectError(#"{"family": "gbm", "experiment": "mixtures"}"#, place: "experiment", mentioning: "\"mixture\"")
        try expectError(#"{"family": "gbm", "experiment": "mixture", "target": {"weights": [1], "logMeans": [0], "logStds": [-1]}}"#,
                        place: "target.logStds[0]", mentioning: "number from")
        try expectError(#"{"family": "gbm", "experiment": "mixture", "target": {"weights": [1], "logMeans": [0], "logStds": [0.1]}, "sampling": {"levles": 5}}"#,
                        place: "sampling.levles", mentioning: "levels")
        try expectError(#"{"family": "gbm", "experiment": "images", "data": {"directory": "x"}, "network": {"timeFeatures": 3}}"#,
                        place: "network.timeFeatures", mentioning: "even")
        try expectError(#"{"family": "gbm", "experiment": "daleWeights", "task": {"groups": 100, "copies": 100}}"#,
                        place: "task.copies", mentioning: "5000")
        try expectError(#"{"family": "gbm", "experiment": "mixture", "process": {"volatility": 0}}"#, place: "process.volatility", mentioning: "σ")
    }

    func testMissingMNISTDirectoryIsAnInputError() throws {
        let path = try write(#"{"family": "gbm", "experiment": "images", "data": {"directory": "/nonexistent/mnist"}, "training": {"steps": 1}}"#)
        XCTAssertThrowsError(try GBMRun.run(file: path, outputDirectory: NSTemporaryDirectory() + "gbm-out-\(UUID().uuidString)", seed: nil, quiet: true)) {
            XCTAssertTrue($0 is InputError, "\($0)")
        }
    }

    func testSmallMixtureAndDaleRunsWriteSummaries() throws {
        let mixture = try write(#"""
            {"family": "gbm", "experiment": "mixture", "target": {"weights": [0.3, 0.7], "logMeans": [0.05, 0.55], "logStds": [0.03, 0.05]},
             "sampling": {"chains": 300, "levels": 50, "violationSweep": [5, 50], "circuitChains": 10}}
            """#)
        let out = NSTemporaryDirectory() + "gbm-out-\(UUID().uuidString)"
        let summary = try String(contentsOfFile: try GBMRun.run(file: mixture, outputDirectory: out, seed: 3, quiet: true), encoding: .utf8)
        XCTAssertTrue(summary.contains("bit for bit"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/histogram.svg"))
        let dale = try write(#"{"family": "gbm", "experiment": "daleWeights", "task": {"groups": 5, "copies": 20}, "training": {"steps": 100, "repetitions": 1}}"#)
        let daleSummary = try String(contentsOfFile: try GBMRun.run(file: dale, outputDirectory: out + "-dale", seed: 1, quiet: true), encoding: .utf8)
        XCTAssertTrue(daleSummary.contains("| 1 | exponentiated gradient |"))
    }
}
