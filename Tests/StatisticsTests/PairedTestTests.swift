import DenseKernels
import Foundation
import Statistics
import XCTest

final class PairedTestTests: XCTestCase {
    /// d = (1, 2, 3): of the 8 sign patterns only (+, +, +) reaches the observed sum 6, and (−, −, −) reaches −6:
    /// p(greater) = 1/8, p(two-sided) = 2/8, p(less) = 8/8. d = (1, −2, 3), observed 2: the patterns with sum ≥ 2
    /// are (+,−,+) = 2, (+,+,+) = 6, (−,+,+) = 4 → 3/8.
    func testExactSignFlipPValuesOfHandCountedCases() {
        let d = [1.0, 2, 3]
        XCTAssertEqual(PermutationTest.signFlip(d, alternative: .greater, permutations: 1000, seed: 1).pValue, 1.0 / 8)
        XCTAssertEqual(PermutationTest.signFlip(d, alternative: .twoSided, permutations: 1000, seed: 1).pValue, 2.0 / 8)
        XCTAssertEqual(PermutationTest.signFlip(d, alternative: .less, permutations: 1000, seed: 1).pValue, 1)
        XCTAssertEqual(PermutationTest.signFlip([1, -2, 3], alternative: .greater, permutations: 1000, seed: 1).pValue, 3.0 / 8)
        XCTAssertTrue(PermutationTest.signFlip(d, alternative: .greater, permutations: 1000, seed: 1).exact)
    }

    /// Monte Carlo sign flips estimate the exact p-value: with m = 2000 patterns the estimate's standard error is
    /// √(p(1 − p)/m); it must lie within 4 of them (plus the 1/(m + 1) correction).
    func testMonteCarloSignFlipAgreesWithExactEnumeration() {
        let d = (0..<12).map { sin(Double($0) * 1.7) + 0.3 }
        let exact = PermutationTest.signFlip(d, alternative: .twoSided, permutations: 5000, seed: 1)
        XCTAssertTrue(exact.exact)
        let sampled = PermutationTest.signFlip(d, alternative: .twoSided, permutations: 2000, seed: 7)
        XCTAssertFalse(sampled.exact)
        let se = (exact.pValue * (1 - exact.pValue) / 2000).squareRoot()
        XCTAssertEqual(sampled.pValue, exact.pValue, accuracy: 4 * se + 1.0 / 2001)
    }

    /// Under H0 (symmetric differences) the p-value is uniform: over 400 data sets the share with p < 0.05 is
    /// binomial(400, ≤ 0.05) (≤ because the exact test is discrete), so it must stay below 0.05 + 3·SE.
    func testSignFlipHoldsItsLevelUnderTheNull() {
        var rejections = 0
        let reps = 400
        for r in 0..<reps {
            let stream = RandomStream(seed: 11, stream: UInt64(r))
            let d = (0..<10).map { Double(stream.gaussian(UInt64($0))) }
            if PermutationTest.signFlip(d, alternative: .twoSided, permutations: 2048, seed: UInt64(r)).pValue < 0.05 { rejections += 1 }
        }
        let share = Double(rejections) / Double(reps)
        XCTAssertLessThan(share, 0.05 + 3 * (0.05 * 0.95 / Double(reps)).squareRoot())
    }

    /// Coverage of the BCa interval of a mean: 300 normal samples of n = 30; the share of intervals that contain
    /// the true mean is binomial(300, ≈0.95): it must lie within 3 standard errors √(0.95·0.05/300) = 0.0126 of
    /// 0.95 (BCa's small-sample undercoverage at n = 30 is under 1%).
    func testBCaIntervalCoversTheMeanAtItsNominalRate() {
        var covered = 0
        let reps = 300
        for r in 0..<reps {
            let stream = RandomStream(seed: 21, stream: UInt64(r))
            let x = (0..<30).map { 5 + 2 * Double(stream.gaussian(UInt64($0))) }
            let ci = Bootstrap.meanInterval(x, level: 0.95, resamples: 1000, seed: UInt64(r))
            XCTAssertLessThan(ci.lower, ci.upper)
            if ci.lower <= 5 && 5 <= ci.upper { covered += 1 }
        }
        let share = Double(covered) / Double(reps)
        XCTAssertEqual(share, 0.95, accuracy: 3 * (0.95 * 0.05 / Double(reps)).squareRoot())
    }

    /// TOST: p < α exactly when the (1 − 2α) t interval lies inside (−margin, margin); and the p-value is the
    /// larger one-sided t test p-value, checked against the t distribution directly.
    func testTOSTAgreesWithItsIntervalAndItsOneSidedTests() {
        for k in 0..<40 {
            let stream = RandomStream(seed: 31, stream: UInt64(k))
            let shift = Double(k % 5) * 0.2
            let d = (0..<8).map { shift + 0.3 * Double(stream.gaussian(UInt64($0))) }
            let r = EquivalenceTest.pairedTOST(d, margin: 0.5, alpha: 0.05)
            let inside = r.interval.lower > -0.5 && r.interval.upper < 0.5
            XCTAssertEqual(r.pValue < 0.05, inside, "case \(k): p \(r.pValue), interval \(r.interval)")
            let n = 8.0, mean = d.reduce(0, +) / n
            let se = (d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot() / n.squareRoot()
            let p1 = 1 - StudentT.cdf((mean + 0.5) / se, degreesOfFreedom: 7)
            let p2 = StudentT.cdf((mean - 0.5) / se, degreesOfFreedom: 7)
            XCTAssertEqual(r.pValue, max(p1, p2), accuracy: 1e-12)
        }
    }
}

final class TwoSampleDistanceTests: XCTestCase {
    func gaussian(_ rows: Int, _ cols: Int, seed: UInt64, shift: Float = 0) -> Matrix {
        let s = RandomStream(seed: seed, stream: 3)
        return Matrix(rows: rows, cols: cols, storage: (0..<(rows * cols)).map { shift + s.gaussian(UInt64($0)) })
    }

    /// Under H0 the permutation p-value is uniform: across 40 pairs of same-distribution samples the share
    /// with p < 0.05 must stay below 0.05 + 3·√(0.05·0.95/40); a mean shift of 0.5 in 2-D with 300 points each
    /// is detected (p < 0.01), and MMD² of identical distributions is near 0 (unbiased estimate).
    func testMMDPermutationTestHoldsItsLevelAndDetectsAShift() {
        var rejections = 0
        for r in 0..<40 {
            let p = MaximumMeanDiscrepancy.test(x: gaussian(60, 2, seed: UInt64(2 * r)), y: gaussian(60, 2, seed: UInt64(2 * r + 1)),
                                                permutations: 200, seed: UInt64(r)).pValue
            if p < 0.05 { rejections += 1 }
        }
        XCTAssertLessThan(Double(rejections) / 40, 0.05 + 3 * (0.05 * 0.95 / 40).squareRoot())
        let shifted = MaximumMeanDiscrepancy.test(x: gaussian(300, 2, seed: 100), y: gaussian(300, 2, seed: 101, shift: 0.5), permutations: 200, seed: 5)
        XCTAssertLessThan(shifted.pValue, 0.01)
        XCTAssertGreaterThan(shifted.mmd2, 0)
    }

    /// W₁ of two point masses is their distance; of N(0,1) samples against themselves shifted by c it is c;
    /// a Laplace sample's excess kurtosis is 3 within its standard error (≈ √(Var) with n = 20 000).
    func testWassersteinAndKurtosisAgainstClosedForms() {
        XCTAssertEqual(MarginalStatistics.wasserstein1([0, 0], [3]), 3, accuracy: 1e-12)
        let s = RandomStream(seed: 7, stream: 0)
        let a = (0..<5000).map { Double(s.gaussian(UInt64($0))) }
        XCTAssertEqual(MarginalStatistics.wasserstein1(a, a.map { $0 + 0.7 }), 0.7, accuracy: 1e-9)
        let laplace = (0..<20_000).map { k -> Double in
            let u = Double(s.uniform(UInt64(10_000 + k))) - 0.5
            return -(u < 0 ? -1.0 : 1.0) * log(max(1 - 2 * abs(u), 1e-12))
        }
        XCTAssertEqual(MarginalStatistics.excessKurtosis(laplace), 3, accuracy: 0.6)
        XCTAssertEqual(MarginalStatistics.excessKurtosis(a), 0, accuracy: 0.3)
    }

    /// Skewness by hand ([0, 0, 3]: m₂ = 2, m₃ = 2, skewness 2/2^{3/2}); the density histogram's bins, its
    /// normalisation by all values (outside ones included), and the top edge counted in the last bin.
    func testSkewnessAndDensityHistogram() {
        XCTAssertEqual(MarginalStatistics.skewness([0, 0, 3]), 2 / pow(2, 1.5), accuracy: 1e-12)
        XCTAssertEqual(MarginalStatistics.skewness([1, 2, 3]), 0, accuracy: 1e-12)
        let h = MarginalStatistics.densityHistogram([0.1, 0.2, 0.6, 1.0, 5], from: 0, to: 1, bins: 2)
        XCTAssertEqual(h.map(\.x), [0.25, 0.75])
        XCTAssertEqual(h.map(\.density), [2 / (5 * 0.5), 2 / (5 * 0.5)])
        XCTAssertEqual(MarginalStatistics.densityHistogram([0.1], from: 0, to: 1, bins: 1, total: 4)[0].density, 0.25)
    }
}
