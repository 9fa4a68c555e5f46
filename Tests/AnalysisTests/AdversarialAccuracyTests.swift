import Analysis
import DenseKernels
import XCTest

final class AdversarialAccuracyTests: XCTestCase {
    func column(_ values: [Float]) -> Matrix { Matrix(rows: values.count, cols: 1, storage: values) }

    /// Memorised copies: every sample's neighbour is its twin in the other set (distance 0), so
    /// acc_S = acc_T = 0 and E_AAI = ½(¼ + ¼) = ¼.
    func testCopiesOfTheRealSetGiveZeroAccuraciesAndAQuarterError() {
        let real = gaussianMatrix(40, 5, seed: 3)
        let r = AdversarialAccuracy.evaluate(real: real, generated: real)
        XCTAssertEqual(r.accS, 0)
        XCTAssertEqual(r.accT, 0)
        XCTAssertEqual(r.error, 0.25)
    }

    /// 1-D, worked by hand. Separated sets {0, 1, 2} vs {10, 11, 12}: every neighbour is in its own set,
    /// acc_S = acc_T = 1, E = ¼. Interleaved {0, 2, 4, 6} vs {1.1, 3.1, 5.1, 7.1}: every neighbour is in the
    /// other set (gaps 0.9 and 1.1), acc = 0, E = ¼. Mixed {0, 0.5, 10} vs {10.2, 20, 20.3, 30}: reals
    /// 0↔0.5 find reals, 10 finds 10.2; generated 10.2 finds 10, 20↔20.3 and 30→20.3 find generated:
    /// acc_S = 2/3, acc_T = 3/4, E = ½[(1/6)² + (1/4)²] = 13/288.
    func testHandBuiltOneDimensionalCases() {
        let separated = AdversarialAccuracy.evaluate(real: column([0, 1, 2]), generated: column([10, 11, 12]))
        XCTAssertEqual(separated.accS, 1); XCTAssertEqual(separated.accT, 1); XCTAssertEqual(separated.error, 0.25)
        let interleaved = AdversarialAccuracy.evaluate(real: column([0, 2, 4, 6]), generated: column([1.1, 3.1, 5.1, 7.1]))
        XCTAssertEqual(interleaved.accS, 0); XCTAssertEqual(interleaved.accT, 0); XCTAssertEqual(interleaved.error, 0.25)
        let mixed = AdversarialAccuracy.evaluate(real: column([0, 0.5, 10]), generated: column([10.2, 20, 20.3, 30]))
        XCTAssertEqual(mixed.accS, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(mixed.accT, 0.75, accuracy: 1e-12)
        XCTAssertEqual(mixed.error, 13.0 / 288, accuracy: 1e-12)
    }

    /// Two samples of the same distribution: acc_S and acc_T are shares of 600 near-independent trials with
    /// p = ½ (SE = √(¼/600) ≈ 0.02), so each must be within 4 SE of ½; a clearly different distribution
    /// (scale 3) is separated: the real samples' neighbours are real, acc_S > ½ + 4 SE.
    func testSamplesOfTheSameDistributionAreIndistinguishable() {
        let real = gaussianMatrix(600, 2, seed: 4), generated = gaussianMatrix(600, 2, seed: 5)
        let r = AdversarialAccuracy.evaluate(real: real, generated: generated)
        let se = (0.25 / 600).squareRoot()
        XCTAssertEqual(r.accS, 0.5, accuracy: 4 * se)
        XCTAssertEqual(r.accT, 0.5, accuracy: 4 * se)
        let far = AdversarialAccuracy.evaluate(real: real, generated: gaussianMatrix(600, 2, seed: 6, scale: 3))
        XCTAssertGreaterThan(far.accS, 0.5 + 4 * se)
        XCTAssertGreaterThan(far.error, r.error)
    }
}
