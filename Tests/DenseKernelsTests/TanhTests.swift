import XCTest
import Foundation
import DenseKernels

/// The rational tanh against `Double` tanh, its special values, and the bulk/fused passes.
final class TanhTests: XCTestCase {
    func testMaxAbsoluteErrorBelowOneMillionthOnDenseGridAndExtremes() {
        var xs: [Float] = []
        var x: Float = -20
        while x <= 20 { xs.append(x); x += 0x1p-12 }  // 163 841 points
        xs += [0, -0, 1e-30, -1e-30, 0.0003999, 0.0004, 7.9, 7.91, 9, 1e4, -1e4,
               Float.greatestFiniteMagnitude, -Float.greatestFiniteMagnitude, .infinity, -.infinity]
        var worst = 0.0
        for v in xs {
            let t = Tanh.value(v)
            XCTAssertLessThanOrEqual(abs(t), 1)
            worst = max(worst, abs(Double(t) - Foundation.tanh(Double(v))))
        }
        XCTAssertLessThanOrEqual(worst, 1e-6)
        XCTAssertEqual(Tanh.value(.infinity), 1); XCTAssertEqual(Tanh.value(-.infinity), -1)
    }

    func testNaNPropagates() {
        XCTAssertTrue(Tanh.value(.nan).isNaN)
        var v: [Float] = [1, .nan, -1]
        Tanh.map(&v)
        XCTAssertTrue(v[1].isNaN); XCTAssertFalse(v[0].isNaN)
    }

    func testOddSymmetry() {
        for i in 0..<10_000 {
            let x = Float(i) * 0.001
            XCTAssertEqual(Tanh.value(-x), -Tanh.value(x))
        }
    }

    func testBulkAndFusedPassesEqualScalarBitForBit() {
        let n = 1037
        let xs = (0..<n).map { Float($0 - n / 2) * 0.0137 }
        var phi = [Float](repeating: 0, count: n), dphi = phi, mapped = phi
        Tanh.mapWithDerivative(xs, value: &phi, derivative: &dphi, count: n)
        Tanh.map(xs, into: &mapped, count: n)
        for i in 0..<n {
            let t = Tanh.value(xs[i])
            XCTAssertEqual(phi[i].bitPattern, t.bitPattern)
            XCTAssertEqual(mapped[i].bitPattern, t.bitPattern)
            XCTAssertEqual(dphi[i].bitPattern, Float(1).addingProduct(-t, t).bitPattern)
            // And the derivative is that of tanh: 1 − tanh² in Double, within the value error.
            XCTAssertEqual(Double(dphi[i]), 1 - Foundation.pow(Foundation.tanh(Double(xs[i])), 2), accuracy: 3e-6)
        }
    }
}
