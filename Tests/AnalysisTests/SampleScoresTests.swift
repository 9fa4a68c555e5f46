import Analysis
import DenseKernels
import Foundation
import XCTest

final class SampleScoresTests: XCTestCase {
    /// A hand-built 10 → 10 → 10 classifier with W₁ = 10·I, W₂ = I, zero biases: input a·e_k gives logits
    /// 10a·e_k, so p_k = e^{10a}/(e^{10a} + 9): 0.9996 for a = 1 (confident), 0.45 for a = 0.2 (not).
    /// Samples: three confident 1s, one confident 3, two unconfident 3s → recognisability 4/6, shares
    /// {1: ½, 3: ½}, entropy 1 bit; the reference holds classes {1, 3, 6}, so balance = 1/log₂3; the FD of
    /// the samples against themselves is 0.
    func testScoresOfAHandBuiltClassifier() throws {
        var model = DigitClassifier(inputs: 10, hidden: 10, seed: 0)
        model.w1 = Matrix(rows: 10, cols: 10, storage: (0..<100).map { $0 % 11 == 0 ? 10 : 0 })
        model.w2 = Matrix(rows: 10, cols: 10, storage: (0..<100).map { $0 % 11 == 0 ? 1 : 0 })
        func image(_ k: Int, _ a: Float) -> [Float] { (0..<10).map { $0 == k ? a : 0 } }
        let samples = Matrix(rows: 6, cols: 10, storage: image(1, 1) + image(1, 1) + image(1, 1) + image(3, 1) + image(3, 0.2) + image(3, 0.2))
        let reference = Matrix(rows: 3, cols: 10, storage: image(1, 1) + image(3, 1) + image(6, 1))
        let p = model.probabilities(samples)
        XCTAssertEqual(Double(p[0, 1]), exp(10) / (exp(10) + 9), accuracy: 1e-5)
        XCTAssertEqual(Double(p[4, 3]), exp(2) / (exp(2) + 9), accuracy: 1e-5)
        let scores = try SampleScores.evaluate(samples: samples, classifier: model, reference: reference)
        XCTAssertEqual(scores.recognisability, 4.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(scores.classShares[1], 0.5); XCTAssertEqual(scores.classShares[3], 0.5)
        XCTAssertEqual(scores.classShares.reduce(0, +), 1, accuracy: 1e-12)
        XCTAssertEqual(scores.balanceEntropy, 1, accuracy: 1e-12)
        XCTAssertEqual(scores.balance, 1 / log2(3.0), accuracy: 1e-12)
        XCTAssertEqual(try SampleScores.evaluate(samples: samples, classifier: model, reference: samples).frechetDistance, 0, accuracy: 1e-6)
    }

    /// Pixels and rates: p = (s + 1)/2 clamped to [0, 1], s = 2p − 1, inverse of each other inside the range.
    func testPixelRateConversionRoundTrips() {
        let s = Matrix(rows: 1, cols: 5, storage: [-1, -0.5, 0, 0.5, 1])
        let p = PixelScale.pixels(fromRates: s)
        XCTAssertEqual(p.storage, [0, 0.25, 0.5, 0.75, 1])
        XCTAssertEqual(PixelScale.rates(fromPixels: p), s)
        XCTAssertEqual(PixelScale.pixels(fromRates: Matrix(rows: 1, cols: 2, storage: [-1.5, 1.2])).storage, [0, 1])
    }
}
