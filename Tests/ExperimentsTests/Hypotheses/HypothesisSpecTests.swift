import Experiments
import FileFormats
import Foundation
import TestSupport
import XCTest

/// The hypothesis files shipped under Networks/hypotheses decode, and a mistake in one is reported with the
/// file, the field and what was expected.
final class HypothesisSpecTests: XCTestCase {
    static let root = RepositoryPaths.root

    func testEveryShippedHypothesisDecodesWithTwoArmsAndAStatisticOfItsProcedure() throws {
        let directory = Self.root.appendingPathComponent("Networks/hypotheses").path
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }
        let families = try files.map { try NetworkFamily.of(path: (directory as NSString).appendingPathComponent($0)) }
        let nlmHypotheses = zip(files, families).filter { $0.1 == .hypothesis }.map(\.0)
        XCTAssertGreaterThanOrEqual(nlmHypotheses.count, 4)
        for name in nlmHypotheses {
            let spec = try HypothesisSpec.read(path: (directory as NSString).appendingPathComponent(name))
            XCTAssertEqual(spec.arms.count, 2, name)
            XCTAssertEqual(spec.statistic.procedure, spec.procedure, name)
            XCTAssertTrue(FileManager.default.fileExists(atPath: spec.baselinePath), "\(name): baseline \(spec.baselinePath)")
        }
    }

    func decode(_ json: String) throws -> HypothesisSpec {
        try HypothesisSpec.decode(Data(json.utf8), file: "h.json")
    }

    let valid = """
        {"family": "hypothesis", "hypothesis": "x", "baseline": "b.json", "statistic": "lyapunov", "procedure": "lyapunov",
         "arms": [{"name": "a"}, {"name": "b", "set": {"sampling.onsager": false}}], "test": {"kind": "permutation"}}
        """

    func testValidFileReadsItsSettings() throws {
        let s = try decode(valid)
        XCTAssertEqual(s.arms[1].settings.map(\.path), ["sampling.onsager"])
        XCTAssertEqual(s.arms[1].settings.first?.value, .bool(false))
        XCTAssertEqual(s.seeds, 5)
        XCTAssertEqual(s.alpha, 0.05)
    }

    func assertError(_ json: String, place: String, contains text: String, line: UInt = #line) {
        XCTAssertThrowsError(try decode(json), line: line) { error in
            guard let e = error as? InputError else { return XCTFail("not an InputError: \(error)", line: line) }
            XCTAssertEqual(e.file, "h.json", line: line)
            XCTAssertEqual(e.place, place, line: line)
            XCTAssertTrue(e.expected.contains(text), "\(e.expected)", line: line)
        }
    }

    func testMistakesNameTheFieldAndTheExpectation() {
        assertError(valid.replacingOccurrences(of: "\"lyapunov\", \"procedure\"", with: "\"aaiError\", \"procedure\""),
                    place: "statistic", contains: "a statistic of the lyapunov procedure")
        assertError(valid.replacingOccurrences(of: "{\"name\": \"a\"}, ", with: ""), place: "arms", contains: "exactly two arms")
        assertError(valid.replacingOccurrences(of: "\"permutation\"", with: "\"equivalence\""), place: "test.margin",
                    contains: "equivalence margin")
        assertError(valid.replacingOccurrences(of: "\"name\": \"b\"", with: "\"name\": \"a\""), place: "arms[1].name",
                    contains: "different")
        assertError(valid.replacingOccurrences(of: "\"test\"", with: "\"tset\""), place: "test", contains: "an object")
        assertError(valid.replacingOccurrences(of: "\"sampling.onsager\"", with: "\"sampling..onsager\""),
                    place: "arms[1].set.sampling..onsager", contains: "dotted field path")
    }
}
