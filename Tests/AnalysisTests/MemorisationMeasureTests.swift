import Analysis
import DenseKernels
import Foundation
import XCTest

final class MemorisationMeasureTests: XCTestCase {
    func random(_ rows: Int, _ cols: Int, seed: UInt64, scale: Float = 1) -> Matrix {
        let s = RandomStream(seed: seed, stream: 1)
        return Matrix(rows: rows, cols: cols, storage: (0..<(rows * cols)).map { scale * s.gaussian(UInt64($0)) })
    }

    /// GEMM-based nearest neighbours against a brute-force double search (odd sizes, more than one query block).
    func testNearestNeighboursMatchBruteForce() {
        let q = random(300, 13, seed: 1), r = random(77, 13, seed: 2)
        let found = NearestNeighbours.search(queries: q, references: r)
        for i in 0..<q.rows {
            var best = Double.infinity, index = -1
            for j in 0..<r.rows {
                var s = 0.0
                for k in 0..<13 { let e = Double(q[i, k]) - Double(r[j, k]); s += e * e }
                if s < best { best = s; index = j }
            }
            XCTAssertEqual(found.indices[i], index)
            XCTAssertEqual(Double(found.distances[i]), best.squareRoot(), accuracy: 1e-4)
        }
        let selfSearch = NearestNeighbours.search(queries: r, references: r, excludingSelf: true)
        for i in 0..<r.rows { XCTAssertNotEqual(selfSearch.indices[i], i) }
    }

    /// Memorised copies: every generated sample's neighbour is its real original (distance 0), so
    /// acc_S = acc_T = 0 and E_AAI = ½(¼ + ¼) = ¼.
    func testCopiesOfTheRealSetGiveZeroAccuraciesAndAQuarterError() {
        let real = random(40, 5, seed: 3)
        let r = AdversarialAccuracy.evaluate(real: real, generated: real)
        XCTAssertEqual(r.accS, 0)
        XCTAssertEqual(r.accT, 0)
        XCTAssertEqual(r.error, 0.25)
    }

    /// Two samples of the same distribution: acc_S and acc_T are shares of 600 near-independent trials with
    /// p ≈ ½ (SE ≈ 0.02), so each must be within 4 SE of ½; a clearly different distribution (scale 3) is
    /// separated: generated samples are far from the real ones, acc_S near 1.
    func testSamplesOfTheSameDistributionAreIndistinguishable() {
        let real = random(600, 2, seed: 4), generated = random(600, 2, seed: 5)
        let r = AdversarialAccuracy.evaluate(real: real, generated: generated)
        let se = (0.25 / 600).squareRoot()
        XCTAssertEqual(r.accS, 0.5, accuracy: 4 * se)
        XCTAssertEqual(r.accT, 0.5, accuracy: 4 * se)
        let far = AdversarialAccuracy.evaluate(real: real, generated: random(600, 2, seed: 6, scale: 3))
        XCTAssertGreaterThan(far.accS, 0.5 + 4 * se)
        XCTAssertGreaterThan(far.error, r.error)
    }

    /// E⁽²⁾: zero for the same set; for generated = 2 × real the covariance is 4C, so E⁽²⁾ = mean((3C)²) exactly.
    func testSecondMomentErrorOfAScaledCopy() {
        let real = random(50, 6, seed: 7)
        XCTAssertEqual(SecondMomentError.between(real: real, generated: real), 0)
        let doubled = Matrix(rows: 50, cols: 6, storage: real.storage.map { 2 * $0 })
        let c = SecondMomentError.covariance(real)
        let expected = c.reduce(0) { $0 + 9 * $1 * $1 } / Double(c.count)
        XCTAssertEqual(SecondMomentError.between(real: real, generated: doubled), expected, accuracy: 1e-9 * expected)
        // The covariance itself against a direct two-pass double computation of one entry.
        var m0 = 0.0, m1 = 0.0
        for i in 0..<50 { m0 += Double(real[i, 0]); m1 += Double(real[i, 1]) }
        m0 /= 50; m1 /= 50
        var c01 = 0.0
        for i in 0..<50 { c01 += (Double(real[i, 0]) - m0) * (Double(real[i, 1]) - m1) }
        XCTAssertEqual(c[1], c01 / 49, accuracy: 1e-12)
    }
}
