import DenseKernels
import XCTest

final class PermutationTests: XCTestCase {
    /// All 24 orders of four items are equally likely: 24 000 permutations (streams 0…23 999 of one seed),
    /// Pearson χ² with 23 degrees of freedom against the 0.1% critical value 49.73 (a test that fails for a
    /// biased shuffle such as swapping with any index, which favours some orders by up to 60%).
    func testPermutationsOfFourAreUniform() {
        var counts = [Int: Int]()
        let draws = 24_000
        for k in 0..<draws {
            let p = RandomStream(seed: 5, stream: UInt64(k)).permutation(4)
            XCTAssertEqual(p.sorted(), [0, 1, 2, 3])
            counts[p.reduce(0) { $0 * 4 + $1 }, default: 0] += 1
        }
        XCTAssertEqual(counts.count, 24)
        let expected = Double(draws) / 24
        let chi2 = counts.values.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        XCTAssertLessThan(chi2, 49.73)
    }

    /// `index(_:below:)` stays in range and hits every value (n = 7, 7000 draws, each value ≥ 850 times: the
    /// binomial mean is 1000 with SD 29).
    func testIndexBelowIsInRangeAndCoversEveryValue() {
        let s = RandomStream(seed: 9, stream: 1)
        var counts = [Int](repeating: 0, count: 7)
        for i in 0..<7000 { counts[s.index(UInt64(i), below: 7)] += 1 }
        XCTAssertGreaterThan(counts.min()!, 850)
        XCTAssertEqual(RandomStream(seed: 1, stream: 2).permutation(0), [])
        XCTAssertEqual(RandomStream(seed: 1, stream: 2).permutation(1), [0])
    }
}
