// CircularLawTests.swift — random-matrix laws for the spectrum of J with i.i.d. N(0, g²/N) entries,
// the coupling-matrix ensemble of Neural Langevin Machines. Fixed seeds; tolerances from the stated laws.
import XCTest
import Foundation
import LinearAlgebra
import TestSupport

final class CircularLawTests: XCTestCase {
    static let n = 300
    static let gain = 1.5
    static let seeds: [UInt64] = [101, 102, 103, 104]

    /// The eigenvalues of the four 300 × 300 test matrices (computed once, ~0.1 s in release).
    static let spectra: [[Complex]] = seeds.map { seed in
        var rng = SplitMix64(seed: seed)
        let j = rng.gaussianMatrix(n, n, sigma: gain / Double(n).squareRoot())
        return (try? j.eigenvalues()) ?? []
    }

    /// Spectral radius. For Ginibre matrices (Rider 2003) ρ/g ≈ 1 + sqrt(γ/4N) + G/sqrt(4Nγ), G Gumbel,
    /// γ = ln(N/2π) − 2 ln ln N (= 0.384 at N = 300): the shift is 0.018 and the scale 0.047. The band
    /// [1 + 0.018 − 2·0.047, 1 + 0.018 + 5·0.047] = [0.92, 1.25] fails with probability
    /// P(G < −2) + P(G > 5) = e^{−e²} + 1 − e^{−e^{−5}} ≈ 0.0006 + 0.0067 per matrix.
    func testAllEigenvaluesLieInsideTheDiscOfRadiusGain() {
        for (seed, lambda) in zip(Self.seeds, Self.spectra) {
            XCTAssertEqual(lambda.count, Self.n)
            let rho = lambda.map(\.magnitude).max()! / Self.gain
            XCTAssertLessThan(rho, 1.25, "seed \(seed)")
            XCTAssertGreaterThan(rho, 0.92, "seed \(seed)")
        }
    }

    /// Circular law: the eigenvalues of J/g are uniform on the unit disc, so the fraction with |λ| < r·g
    /// is r², and E|λ/g|² = 1/2. Tolerance: 4 binomial standard errors of the pooled sample
    /// (M = 1200 eigenvalues: sqrt(p(1−p)/M); Ginibre counts fluctuate less than binomial, so this is
    /// conservative) plus a finite-N bias bound: a real Ginibre matrix has E_N ≈ sqrt(2N/π) ≈ 14 real
    /// eigenvalues, uniform on [−1, 1], so at most E_N/N·|r − r²| of the fraction (E_N/N·(1/2 − 1/3) of
    /// the second moment) can be displaced; disc-edge corrections are exponentially small for r ≤ 0.9
    /// (N(1 − r²) is 3.6 standard deviations of the eigenvalue count process away).
    func testFractionInsideRadiusFollowsTheCircularLaw() {
        let scaled = Self.spectra.flatMap { $0 }.map { $0.magnitude / Self.gain }
        let m = Double(scaled.count), n = Double(Self.n)
        let realExcess = (2 * n / Double.pi).squareRoot() / n
        for r in [0.3, 0.5, 0.7, 0.9] {
            let fraction = Double(scaled.filter { $0 < r }.count) / m
            let p = r * r
            let tolerance = 4 * (p * (1 - p) / m).squareRoot() + realExcess * abs(r - p)
            XCTAssertEqual(fraction, p, accuracy: tolerance, "r = \(r)")
        }
        let secondMoment = scaled.reduce(0.0) { $0 + $1 * $1 } / m
        let tolerance = 4 * (1.0 / 12 / m).squareRoot() + realExcess * (0.5 - 1.0 / 3)   // Var|z|² = 1/3 − 1/4
        XCTAssertEqual(secondMoment, 0.5, accuracy: tolerance)
    }

    /// Edelman, Kostlan & Shub (1994): E(#real eigenvalues) = 1/2 + sqrt(2N/π)(1 − 3/(8N)) + O(N^{-3/2});
    /// its variance is ≈ (2 − √2)·E (Forrester & Nagao 2007). The mean over four matrices must lie within
    /// 4 standard errors. Non-real eigenvalues must come in exactly conjugate pairs.
    func testRealEigenvalueCountMatchesEdelmanKostlanShub() {
        let n = Double(Self.n)
        let expected = 0.5 + (2 * n / Double.pi).squareRoot() * (1 - 3 / (8 * n))
        let counts = Self.spectra.map { lambda in Double(lambda.filter { $0.im == 0 }.count) }
        let mean = counts.reduce(0, +) / Double(counts.count)
        let standardError = ((2 - 2.0.squareRoot()) * expected / Double(counts.count)).squareRoot()
        XCTAssertEqual(mean, expected, accuracy: 4 * standardError)
        for lambda in Self.spectra {
            var k = 0
            while k < lambda.count {
                if lambda[k].im != 0 {
                    XCTAssertGreaterThan(lambda[k].im, 0)
                    XCTAssertEqual(lambda[k + 1], lambda[k].conjugate)
                    k += 2
                } else {
                    k += 1
                }
            }
        }
    }
}
