// EigenvalueStressTests.swift — many small matrices with exact zeros, repeated and defective eigenvalues
// and zero diagonals: the cases where Francis QR stalls or divides by zero if shifts or deflation are wrong.
import XCTest
import LinearAlgebra
import TestSupport

final class EigenvalueStressTests: XCTestCase {
    /// 1500 random n × n matrices (n = 2…10) with entries in {−1, 0, 1}: nilpotent, permutation-like,
    /// block-triangular and defective cases occur often. Each must converge with backward-stable results:
    /// every residual ‖Av − λv‖/(‖A‖‖v‖), |Σλ − tr A|/‖A‖ and ‖A − ZTZᵀ‖/‖A‖ below 10·n·eps (a correct
    /// implementation reaches ~1e-15; a stalled or wrong one gives NaN, a throw, or O(1)).
    func testSmallIntegerMatricesWithRepeatedAndDefectiveEigenvaluesConverge() throws {
        var rng = SplitMix64(seed: 41)
        for trial in 0..<1500 {
            let n = 2 + Int(rng.next() % 9)
            let a = RealMatrix(rows: n, columns: n) { _, _ in Double(Int(rng.next() % 3) - 1) }
            let norm = max(a.frobeniusNorm, 1)
            let bound = 10 * Double(n) * eps
            let d = try GeneralEigendecomposition(a)
            let sum = d.eigenvalues.reduce(Complex.zero, +)
            XCTAssertLessThan((sum - Complex(a.trace)).magnitude / norm, bound, "trial \(trial)")
            for k in 0..<n where a.frobeniusNorm > 0 {
                let residual = relativeEigenResidual(a, d.eigenvalues[k], d.eigenvector(k)!)
                XCTAssertLessThan(residual, bound, "trial \(trial), eigenvalue \(k)")
            }
            let s = try RealSchurDecomposition(a)
            let back = try s.schurVectors * s.schurForm * s.schurVectors.transposed
            XCTAssertLessThan(try (back - a).frobeniusNorm / norm, bound, "trial \(trial)")
        }
    }

    /// Cyclic shift matrices (companions of zⁿ − 1) have zero diagonals and all eigenvalues on the unit
    /// circle, the classic case on which unshifted and standard-shift QR stall without exceptional shifts.
    func testCyclicShiftMatricesConvergeToRootsOfUnity() throws {
        for n in [3, 4, 5, 12, 33] {
            let p = RealMatrix(rows: n, columns: n) { i, j in (i == (j + 1) % n) ? 1 : 0 }
            let lambda = try p.eigenvalues()
            let roots = (0..<n).map { Complex(unitPhase: 2 * Double.pi * Double($0) / Double(n)) }
            XCTAssertLessThan(maxMatchingDistance(lambda, roots), 100 * Double(n) * eps, "n = \(n)")
        }
    }
}
