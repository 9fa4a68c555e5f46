// RealMatrixTests.swift — RealMatrix construction, products and norms against direct definitions.
import XCTest
import LinearAlgebra
import TestSupport

final class RealMatrixTests: XCTestCase {
    /// The blocked product must equal the textbook triple sum, including shapes that cross the
    /// 4-row, 128-deep and 256-wide block edges. Rounding: |error| ≤ k·eps·Σ|a||b| ≲ 1e-12 here.
    func testBlockedProductMatchesTripleSumAcrossBlockEdges() throws {
        var rng = SplitMix64(seed: 1)
        for (m, k, n) in [(1, 1, 1), (3, 5, 2), (7, 130, 9), (37, 53, 29), (6, 300, 270)] {
            let a = rng.gaussianMatrix(m, k), b = rng.gaussianMatrix(k, n)
            let c = try a * b
            var worst = 0.0
            for i in 0..<m {
                for j in 0..<n {
                    var s = 0.0
                    for p in 0..<k { s += a[i, p] * b[p, j] }
                    worst = max(worst, abs(s - c[i, j]))
                }
            }
            XCTAssertLessThan(worst, 1e-12 * Double(k), "\(m)x\(k) · \(k)x\(n)")
        }
    }

    func testMatrixVectorProductAndTranspose() throws {
        var rng = SplitMix64(seed: 2)
        let a = rng.gaussianMatrix(45, 70)
        let x = (0..<70).map { _ in rng.normal() }
        let y = try a.multiplied(by: x)
        for i in 0..<45 {
            let s = (0..<70).reduce(0.0) { $0 + a[i, $1] * x[$1] }
            XCTAssertEqual(y[i], s, accuracy: 1e-12)
        }
        let t = a.transposed
        XCTAssertEqual(t.rows, 70); XCTAssertEqual(t.columns, 45)
        for i in 0..<45 { for j in 0..<70 { XCTAssertEqual(t[j, i], a[i, j]) } }
        XCTAssertEqual(t.transposed, a)
    }

    func testIdentityIsNeutralAndNormsMatchDefinitions() throws {
        let a = try RealMatrix([[1, -2, 3], [-4, 5, -6]])
        XCTAssertEqual(try RealMatrix.identity(2) * a, a)
        XCTAssertEqual(try a * RealMatrix.identity(3), a)
        XCTAssertEqual(a.oneNorm, 9)                  // column |3| + |−6|
        XCTAssertEqual(a.infinityNorm, 15)            // row 4 + 5 + 6
        XCTAssertEqual(a.frobeniusNorm, (91.0).squareRoot(), accuracy: 1e-14)
        XCTAssertEqual(a.maxAbsEntry, 6)
        XCTAssertEqual(try RealMatrix([[1, 2], [3, 4]]).trace, 5)
        // Scaled norm survives values whose squares overflow.
        XCTAssertEqual(euclideanNorm([3e200, 4e200]), 5e200, accuracy: 1e186)
    }

    func testFloatInitializerWidensExactly() throws {
        let f: [Float] = [0.1, -2.5, 3, 1e-3]
        let m = try RealMatrix(rows: 2, columns: 2, elements: f)
        XCTAssertEqual(m[0, 0], Double(Float(0.1)))
        XCTAssertEqual(m[1, 1], Double(Float(1e-3)))
        XCTAssertEqual(m.floatElements, f)
    }

    func testShapeErrorsThrowInsteadOfTrapping() {
        XCTAssertThrowsError(try RealMatrix(rows: 2, columns: 3, elements: [1.0, 2]))
        XCTAssertThrowsError(try RealMatrix([[1, 2], [3]]))
        let a = RealMatrix(rows: 2, columns: 3), b = RealMatrix(rows: 2, columns: 3)
        XCTAssertThrowsError(try a * b) { error in
            guard case LinearAlgebraError.dimensionMismatch = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try a.multiplied(by: [1.0, 2.0]))
        XCTAssertThrowsError(try a + RealMatrix(rows: 3, columns: 2))
    }

    func testComplexArithmeticIdentities() {
        let a = Complex(3, -4), b = Complex(1e-3, 2e5)
        let q = a / b
        let back = q * b
        XCTAssertEqual(back.re, a.re, accuracy: 1e-12)
        XCTAssertEqual(back.im, a.im, accuracy: 1e-12)
        XCTAssertEqual(a.magnitude, 5, accuracy: 1e-15)
        XCTAssertEqual((a * a.conjugate).re, 25, accuracy: 1e-13)
        XCTAssertEqual(Complex(unitPhase: Double.pi / 2).im, 1, accuracy: 1e-15)
        XCTAssertEqual(Complex(1e300, 1e300).magnitude, 1e300 * 2.0.squareRoot(), accuracy: 1e286)
    }
}
