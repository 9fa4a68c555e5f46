import FileFormats
import Foundation
import TestSupport
import XCTest
import ProbabilityFlow

final class VPFRunTests: XCTestCase {
    func file(_ json: String) throws -> String {
        let path = NSTemporaryDirectory() + "vpf-\(UUID().uuidString).json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every mistake gets an InputError naming the file and the field.
    func testBadFilesGiveClearErrors() throws {
        let cases: [(String, String)] = [
            (#"{"family": "vpf", "training": {"methods": []}}"#, "training.methods"),
            (#"{"family": "vpf", "training": {"methods": [{"method": "backprop"}]}}"#, "training.methods[0].method"),
            (#"{"family": "vpf", "training": {"methods": [{"method": "cd"}], "epoch": 3}}"#, "training.epoch"),
            (#"{"family": "vpf", "experiment": "dream"}"#, "experiment"),
            (#"{"family": "vpf", "model": {"hidden": [0]}, "training": {"methods": [{"method": "cd"}]}}"#, "model.hidden"),
            (#"{"family": "vpf", "experiment": "stdp", "protocol": {"maxLag": 100, "lagStep": 0.01}}"#, "protocol.lagStep"),
            (#"{"family": "vpf", "experiment": "stdp", "protocol": {"trials": 1}}"#, "protocol.trials"),
        ]
        for (json, place) in cases {
            let path = try file(json)
            XCTAssertThrowsError(try VPFRun.validate(file: path), json) { error in
                guard let e = error as? InputError else { return XCTFail("\(json): \(error) is not an InputError") }
                XCTAssertEqual(e.file, path)
                XCTAssertTrue(e.place.hasPrefix(place), "\(json): place \(e.place), expected \(place)")
            }
        }
    }

    /// A tiny MNIST run writes its summary and pictures (skipped without the data).
    func testTinyRunWritesItsOutputs() throws {
        let mnist = try RepositoryPaths.requireMNIST()
        let out = NSTemporaryDirectory() + "vpf-run-\(UUID().uuidString)"
        let path = try file("""
        {"family": "vpf", "data": {"directory": "\(mnist)", "trainImages": 200, "testImages": 50}, "model": {"hidden": [20]},
         "training": {"epochs": 1, "batchSize": 50, "curvePoints": 2, "methods": [{"method": "vpf", "learningRate": 0.01}, {"method": "cd"}]},
         "evaluation": {"aisChains": 10, "aisTemperatures": 20, "testImages": 20, "curveImages": 20, "sampleChains": 4, "sampleSweeps": 5,
                        "occlusion": [0.25], "flips": [0.1], "filters": 10}, "outputs": {"directory": "\(out)"}}
        """)
        let summary = try VPFRun.run(file: path, outputDirectory: nil, seed: nil, quiet: true)
        let text = try String(contentsOfFile: summary, encoding: .utf8)
        XCTAssertTrue(text.contains("| VPF |") && text.contains("| CD-1 |"))
        for name in ["features-vpf.png", "samples-cd-1.png", "learning-reconstruction.svg", "reconstruction-occlusion.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent(name)), name)
        }
    }
}
