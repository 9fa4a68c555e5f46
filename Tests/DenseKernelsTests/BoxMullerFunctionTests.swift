import XCTest
import Foundation
import DenseKernels

/// Accuracy of the polynomial log and sin/cos used by the Gaussian transform, against `Double`.
final class BoxMullerFunctionTests: XCTestCase {
    func testLogMatchesDoublePrecision() {
        var worst = 0.0
        // Every uniform the streams can produce is (j + 0.5)·2^-24; sample them densely, plus both ends.
        var j: UInt32 = 0
        while j < 1 << 24 {
            for jj in [j, j | 1, (1 << 24) - 1 - j] {
                let x = (Float(jj) + 0.5) * 0x1p-24
                let err = abs(Double(BoxMuller.log(x)) - Foundation.log(Double(x)))
                worst = max(worst, err / max(1, abs(Foundation.log(Double(x)))))
            }
            j += 97
        }
        XCTAssertLessThanOrEqual(worst, 2.5e-7)
    }

    func testCosSinTwoPiMatchDoublePrecision() {
        var worst = 0.0
        for j in 0...(1 << 20) {
            let u = Float(j) * 0x1p-20
            let cs = BoxMuller.cosSinTwoPi(u)
            let t = 2 * Double.pi * Double(u)
            worst = max(worst, abs(Double(cs.cos) - Foundation.cos(t)), abs(Double(cs.sin) - Foundation.sin(t)))
        }
        XCTAssertLessThanOrEqual(worst, 2.4e-7)
    }
}
