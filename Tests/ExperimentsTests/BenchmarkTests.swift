import XCTest
import Experiments
import Foundation

/// The benchmark harness's bookkeeping (no timing assertions: speed is measured by `nlm bench`, not in tests).
final class BenchmarkTests: XCTestCase {
    func testSampleSummaryIsMedianMinAndMaxOfTheTimes() {
        let s = BenchmarkSample(seconds: [0.5, 0.1, 0.3, 0.9, 0.2])
        XCTAssertEqual(s.median, 0.3)
        XCTAssertEqual(s.min, 0.1)
        XCTAssertEqual(s.max, 0.9)
        XCTAssertEqual(s.repetitions, 5)
        // Even count: the upper middle value, as the peer script does (sorted[count / 2]).
        XCTAssertEqual(BenchmarkSample(seconds: [4, 1, 3, 2]).median, 3)
    }

    func testMeasureRunsTheBodyForEveryRepetition() {
        var calls = 0
        let s = BenchmarkSample.measure(repetitions: 4, target: 0) { calls += 1 }
        // Two calls to warm up and calibrate, then at least one call per repetition.
        XCTAssertGreaterThanOrEqual(calls, 2 + 4)
        XCTAssertEqual(s.repetitions, 4)
        XCTAssertLessThanOrEqual(s.min, s.median)
        XCTAssertLessThanOrEqual(s.median, s.max)
    }

    func testRatesAndSpeedupFollowFromMedians() {
        let ours = BenchmarkSample(median: 0.01, min: 0.008, max: 0.02, repetitions: 3)
        let peer = BenchmarkSample(median: 0.03, min: 0.03, max: 0.03, repetitions: 3)
        let row = BenchmarkRow(name: "g", peerKey: "g", threads: 1, unit: .gflops, work: 2e9, ours: ours, peer: peer)
        XCTAssertEqual(row.value(ours.median), 200, accuracy: 1e-9)   // 2e9 flops in 10 ms
        XCTAssertEqual(row.speedup!, 3, accuracy: 1e-12)
        // For a rate the range runs from the slowest repetition (lowest rate) to the fastest.
        XCTAssertEqual(row.formatted(ours), "200.0 (100.0–250.0)")
        let ms = BenchmarkRow(name: "u", peerKey: "u", threads: 2, unit: .milliseconds, work: 0, ours: ours)
        XCTAssertEqual(ms.formatted(ours), "10.0 (8.0–20.0)")
        XCTAssertNil(ms.speedup)
    }

    func testReportTableHasOneLinePerRowAndJSONRoundTrips() throws {
        var report = BenchmarkReport()
        let s = BenchmarkSample(median: 1e-3, min: 1e-3, max: 2e-3, repetitions: 3)
        report.rows = [BenchmarkRow(name: "a", peerKey: "a", threads: 1, unit: .milliseconds, work: 0, ours: s, peer: s),
                       BenchmarkRow(name: "b", peerKey: "b", threads: 2, unit: .elementsPerSecond, work: 1e6, ours: s)]
        let lines = report.markdown.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("| a | 1 | ms |") && $0.hasSuffix("| 1.00× |") }, report.markdown)
        XCTAssertTrue(lines.contains { $0.hasPrefix("| b | 2 | G elem/s |") && $0.hasSuffix("| – | – |") }, report.markdown)
        let data = try JSONSerialization.data(withJSONObject: report.jsonObject)
        let back = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rows = try XCTUnwrap(back["rows"] as? [[String: Any]])
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows[0]["speedup"] as? Double, 1)
        XCTAssertNil(rows[1]["speedup"])
    }

    func testMissingPeerScriptIsReportedNotFatal() {
        XCTAssertThrowsError(try BenchmarkPeer.locate(script: "/nonexistent/peer.py")) { error in
            XCTAssertTrue("\(error)".contains("not found"), "\(error)")
        }
    }

    func testPeakMemoryIsAtLeastTheBytesJustTouched() {
        let count = 32 << 20 / MemoryLayout<Float>.stride   // 32 MB
        var big = [Float](repeating: 1, count: count)
        big[count - 1] = 2
        XCTAssertGreaterThanOrEqual(BenchmarkMemory.processPeakBytes(), 32 << 20)
        XCTAssertEqual(big[count - 1], 2)
    }
}
