import Foundation
import XCTest
import ProbabilityFlow

final class STDPWindowTests: XCTestCase {
    /// The event-driven measurement agrees with the derived expectation within 4 SE at pre-before-post and
    /// post-before-pre lags; with a transmission delay pre-before-post potentiates and post-before-pre
    /// depresses, and without delay the window is symmetric within SE.
    func testWindowMatchesExpectationAndDelayBreaksSymmetry() {
        var p = STDPWindow.Pairing()
        let lags = [-0.5, 0.5], trials = 200
        for delay in [0.5, 0] {
            p.delay = delay
            let values = STDPWindow.measure(p, lags: lags, trials: trials, seed: 91)
            let stats = values.map { v -> (Double, Double) in
                let m = v.reduce(0, +) / Double(v.count)
                return (m, (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1) / Double(v.count)).squareRoot())
            }
            for (k, lag) in lags.enumerated() {
                XCTAssertEqual(stats[k].0, STDPWindow.expected(p, lag: lag), accuracy: 4 * stats[k].1, "delay \(delay), lag \(lag)")
            }
            if delay > 0 {
                XCTAssertGreaterThan(stats[1].0, 4 * stats[1].1, "pre before post potentiates")
                XCTAssertLessThan(stats[0].0, -4 * stats[0].1, "post before pre depresses")
            } else {
                XCTAssertEqual(stats[0].0, stats[1].0, accuracy: 4 * (stats[0].1 * stats[0].1 + stats[1].1 * stats[1].1).squareRoot())
            }
        }
    }
}
