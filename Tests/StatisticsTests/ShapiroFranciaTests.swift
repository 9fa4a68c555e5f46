import DenseKernels
import Foundation
import Statistics
import XCTest

final class ShapiroFranciaTests: XCTestCase {
    func normals(_ n: Int, stream: UInt64) -> [Double] {
        let s = RandomStream(seed: 21, stream: stream)
        return (0..<n).map { Double(s.gaussian(UInt64($0))) }
    }

    /// Under the null (400 normal samples of n = 100) the test rejects at α = 0.05 in 5% ± 4 binomial standard
    /// errors of the cases and its p-values average 0.5 ± 4·√(1/12/400); W′ is at most 1.
    func testNullRejectionRateMatchesLevel() {
        var rejections = 0, sum = 0.0
        for k in 0..<400 {
            let r = ShapiroFrancia.test(normals(100, stream: UInt64(k)).map { 3 + 2 * $0 })!
            XCTAssertLessThanOrEqual(r.statistic, 1)
            if r.pValue < 0.05 { rejections += 1 }
            sum += r.pValue
        }
        XCTAssertEqual(Double(rejections) / 400, 0.05, accuracy: 4 * (0.05 * 0.95 / 400).squareRoot())
        XCTAssertEqual(sum / 400, 0.5, accuracy: 4 * (1.0 / 12 / 400).squareRoot())
    }

    /// Exponential samples (n = 200, −log u) and log-normal ones are rejected at α = 0.01 in ≥ 95% of 100 cases;
    /// degenerate or too small samples give nil.
    func testRejectsSkewedSamples() {
        var rejected = 0
        for k in 0..<100 {
            let u = RandomStream(seed: 22, stream: UInt64(k))
            let exponential = (0..<200).map { -Foundation.log(Double(u.uniform(UInt64($0)))) }
            if ShapiroFrancia.test(exponential)!.pValue < 0.01 { rejected += 1 }
        }
        XCTAssertGreaterThanOrEqual(rejected, 95)
        XCTAssertLessThan(ShapiroFrancia.test(normals(500, stream: 999).map { Foundation.exp($0) })!.pValue, 1e-6)
        XCTAssertNil(ShapiroFrancia.test([1, 2, 3]))
        XCTAssertNil(ShapiroFrancia.test([Double](repeating: 2, count: 10)))
    }
}
