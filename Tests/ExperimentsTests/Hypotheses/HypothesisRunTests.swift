import Experiments
import FileFormats
import Foundation
import TestSupport
import XCTest

/// End-to-end runs of tiny hypothesis and experiment files on the embedded glyphs (no MNIST needed).
final class HypothesisRunTests: TemporaryDirectoryTestCase {
    static let networks = RepositoryPaths.networks

    func write(_ name: String, _ text: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The Onsager hypothesis at small size (g = 3, no bias, 6 seeds): without the feedback the largest Lyapunov
    /// exponent is larger in every seed, so the exact one-sided sign-flip p-value is 1/64 and the verdict says
    /// "supported"; the report and its CSV exist.
    func testOnsagerHypothesisIsSupportedEndToEnd() throws {
        let file = try write("h.json", """
            {"family": "hypothesis", "hypothesis": "feedback stabilises", "baseline": "\(Self.networks)/check-phases-glyphs.json",
             "procedure": "lyapunov", "lyapunov": {"temperature": 0.1, "chains": 4, "transient": 200, "steps": 600},
             "set": {"model.bias": false, "model.gain": 3},
             "arms": [{"name": "with"}, {"name": "without", "set": {"sampling.onsager": false}}],
             "statistic": "lyapunov", "seeds": 6, "test": {"kind": "permutation", "alternative": "greater", "alpha": 0.05},
             "outputs": {"directory": "\(directory!)/out"}}
            """)
        let report = try HypothesisRun.run(file: file, outputDirectory: nil, quiet: true)
        let text = try String(contentsOfFile: report, encoding: .utf8)
        XCTAssertTrue(text.contains("p-value: **0.01562**"), text)
        XCTAssertTrue(text.contains("Verdict: **supported"), text)
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(directory!)/out/values.csv"))
    }

    /// A tiny denoising experiment on 14 × 14 glyphs: the restored images are closer to the originals than the
    /// corrupted ones at every level (the report's "after" column below "before").
    func testDenoisingExperimentRestoresImages() throws {
        let file = try write("e.json", """
            {"family": "experiment", "experiment": "denoising", "network": "\(Self.networks)/check-phases-glyphs.json",
             "set": {"training.epochs": 3, "denoising.images": 20, "denoising.steps": 200}, "levels": [0.1, 0.3],
             "outputs": {"directory": "\(directory!)/den"}}
            """)
        let report = try PaperExperiment.run(file: file, outputDirectory: nil, quiet: true)
        let rows = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("| flipped pixels") }
        XCTAssertEqual(rows.count, 2)
        for row in rows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let before = Double(cells[2])!, after = Double(cells[3])!
            XCTAssertLessThan(after, before, String(row))
        }
    }

    /// A tiny memorisation sweep writes one table row per size, the four plots and a grid per size; a mistake in
    /// the file names the field.
    func testMemorisationSweepWritesItsReportAndRejectsBadFields() throws {
        let file = try write("m.json", """
            {"family": "experiment", "experiment": "memorisation", "network": "\(Self.networks)/check-phases-glyphs.json",
             "set": {"sampling.chains": 20, "sampling.steps": 100, "data.testCount": 30}, "sizes": [4, 40], "runs": 1, "updates": 10,
             "outputs": {"directory": "\(directory!)/mem"}}
            """)
        let report = try PaperExperiment.run(file: file, outputDirectory: nil, quiet: true)
        let text = try String(contentsOfFile: report, encoding: .utf8)
        XCTAssertTrue(text.contains("| 4 | 10 × 4 |"), text)
        XCTAssertTrue(text.contains("| 40 | 10 × 40 |"), text)
        for name in ["aai-vs-size.svg", "distance-vs-size.svg", "e2-vs-size.svg", "aai-vs-time.svg", "samples-size-4.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(directory!)/mem/\(name)"), name)
        }
        let bad = try write("bad.json", """
            {"family": "experiment", "experiment": "memorisation", "network": "x.json", "sizes": [0]}
            """)
        XCTAssertThrowsError(try ExperimentSpec.read(path: bad)) { error in
            XCTAssertEqual((error as? InputError)?.place, "sizes[0]", "\(error)")
        }
    }
}
