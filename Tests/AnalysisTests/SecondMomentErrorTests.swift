import Analysis
import DenseKernels
import XCTest

final class SecondMomentErrorTests: XCTestCase {
    /// E⁽²⁾ is zero for the same set and for a shifted copy (the covariance is centred); for generated =
    /// 2 × real the covariance is 4C, so E⁽²⁾ = mean((3C)²) exactly.
    func testSecondMomentErrorOfShiftedAndScaledCopies() {
        let real = gaussianMatrix(50, 6, seed: 7)
        XCTAssertEqual(SecondMomentError.between(real: real, generated: real), 0)
        let shifted = Matrix(rows: 50, cols: 6, storage: real.storage.map { $0 + 0.25 })  // exact in float
        XCTAssertEqual(SecondMomentError.between(real: real, generated: shifted), 0, accuracy: 1e-12)
        let doubled = Matrix(rows: 50, cols: 6, storage: real.storage.map { 2 * $0 })
        let c = SampleMoments.covariance(real)
        let expected = c.reduce(0) { $0 + 9 * $1 * $1 } / Double(c.count)
        XCTAssertEqual(SecondMomentError.between(real: real, generated: doubled), expected, accuracy: 1e-6 * expected)
    }

    /// The chunked-GEMM covariance against a two-pass double computation, on 700 rows (3 chunks) with a
    /// mean of 1000 and unit spread, where a one-pass float sum of squares would lose every digit.
    func testCovarianceMatchesATwoPassDoubleReference() {
        let n = 700, d = 5
        let z = gaussianMatrix(n, d, seed: 8)
        let x = Matrix(rows: n, cols: d, storage: z.storage.enumerated().map { 1000 + Float($0.offset % d) + $0.element })
        let c = SampleMoments.covariance(x)
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += Double(x[i, j]) / Double(n) } }
        for p in 0..<d {
            for q in 0..<d {
                var s = 0.0
                for i in 0..<n { s += (Double(x[i, p]) - mean[p]) * (Double(x[i, q]) - mean[q]) }
                XCTAssertEqual(c[p * d + q], s / Double(n - 1), accuracy: 1e-5, "C[\(p),\(q)]")
            }
        }
    }

    /// Two independent samples of N(0, I_d), n = 2000, d = 30. With m = n − 1, the difference of the sample
    /// covariances has variance 4/m on the diagonal and 2/m off it, so E[E⁽²⁾] = 2(d + 1)/(d·m); treating the
    /// differences as independent Gaussians, Var E⁽²⁾ = (32/m²)(d + d(d − 1)/2)/d⁴. E⁽²⁾ must lie within 4 SD
    /// of its mean, and a sample with covariance 1.44 I (E ≈ 0.44²/d) must exceed that band.
    func testSameDistributionGivesTheSamplingFloorWithinItsStandardError() {
        let n = 2000, d = 30, m = Double(n - 1)
        let a = gaussianMatrix(n, d, seed: 9), b = gaussianMatrix(n, d, seed: 10)
        let expected = 2 * Double(d + 1) / (Double(d) * m)
        let sd = (32 / (m * m) * Double(d + d * (d - 1) / 2)).squareRoot() / Double(d * d)
        let e = SecondMomentError.between(real: a, generated: b)
        XCTAssertEqual(e, expected, accuracy: 4 * sd)
        let wider = SecondMomentError.between(real: a, generated: gaussianMatrix(n, d, seed: 11, scale: 1.2))
        XCTAssertGreaterThan(wider, expected + 4 * sd)
        XCTAssertEqual(wider, 0.44 * 0.44 / Double(d) + expected, accuracy: 0.3 * 0.44 * 0.44 / Double(d))
    }
}
