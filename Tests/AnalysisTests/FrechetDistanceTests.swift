import Analysis
import DenseKernels
import Foundation
import XCTest

final class FrechetDistanceTests: XCTestCase {
    /// Fréchet distance of Gaussians with diagonal covariances has the closed form
    /// ‖μa − μb‖² + Σ(√a − √b)²; with 20 000 samples each the estimate must be within 5% of it; a set against
    /// itself gives 0.
    func testFrechetDistanceMatchesTheDiagonalClosedForm() throws {
        let n = 20_000
        let sa: [Float] = [1, 2, 0.5], sb: [Float] = [2, 1, 0.5], shift: [Float] = [1, 0, -1]
        let s = RandomStream(seed: 10, stream: 0)
        var a = Matrix(rows: n, cols: 3), b = Matrix(rows: n, cols: 3)
        for i in 0..<n {
            for j in 0..<3 {
                a[i, j] = sa[j] * s.gaussian(UInt64(6 * i + j))
                b[i, j] = shift[j] + sb[j] * s.gaussian(UInt64(6 * i + 3 + j))
            }
        }
        var expected = 0.0
        for j in 0..<3 { expected += Double(shift[j] * shift[j]) + pow(Double(sa[j] - sb[j]), 2) }
        XCTAssertEqual(try FrechetDistance.between(a, b), expected, accuracy: 0.05 * expected)
        XCTAssertEqual(try FrechetDistance.between(a, a), 0, accuracy: 1e-6)
    }


    /// Exact sample covariances from a 2² design: the 4 points (±c, ±c), c = √(3/4), have mean 0 and sample
    /// covariance I (divisor 3). Set a = that design; b = the design scaled by (2, ½), rotated by 30° and
    /// shifted by (1, −2), with the non-diagonal covariance R·diag(4, ¼)·Rᵀ. The closed form
    /// for Σa = I is ‖Δμ‖² + Σ_i (1 − √λ_i)² = 5 + (1 − 2)² + (1 − ½)² = 6.25, up to float rounding of the points.
    func testNonDiagonalCovarianceMatchesTheClosedForm() throws {
        let c = Float(0.75).squareRoot()
        let signs: [(Float, Float)] = [(1, 1), (1, -1), (-1, 1), (-1, -1)]
        let a = Matrix(rows: 4, cols: 2, storage: signs.flatMap { [c * $0.0, c * $0.1] })
        let angle = Float.pi / 6, cs = cos(angle), sn = sin(angle)
        let b = Matrix(rows: 4, cols: 2, storage: signs.flatMap { s -> [Float] in
            let u = 2 * c * s.0, v = 0.5 * c * s.1
            return [1 + cs * u - sn * v, -2 + sn * u + cs * v]
        })
        XCTAssertEqual(try FrechetDistance.between(a, b), 6.25, accuracy: 1e-5)
        XCTAssertEqual(try FrechetDistance.between(b, a), 6.25, accuracy: 1e-5)   // symmetric in its arguments
    }
}
