// LUDecompositionTests.swift — LU with partial pivoting: residuals, pivoting, exact determinants and
// inverses, condition estimates and singular matrices.
import XCTest
import Foundation
import LinearAlgebra
import TestSupport

final class LUDecompositionTests: XCTestCase {
    /// Gaussian elimination with partial pivoting is backward stable: the normwise backward error
    /// ‖Ax − b‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞) is O(ρ·n·eps); for random matrices ρ is small, so n·eps is a
    /// generous bound (a wrong solve gives O(1)).
    func testSolveHasSmallBackwardErrorOnRandomSystems() throws {
        var rng = SplitMix64(seed: 11)
        for n in [1, 2, 10, 200] {
            let a = rng.gaussianMatrix(n, n)
            let b = (0..<n).map { _ in rng.normal() }
            let x = try LUDecomposition(a).solve(b)
            let ax = try a.multiplied(by: x)
            let r = zip(ax, b).map { abs($0 - $1) }.max()!
            let scale = a.infinityNorm * x.map(abs).max()! + b.map(abs).max()!
            XCTAssertLessThan(r / scale, Double(n) * eps, "n = \(n)")
        }
    }

    /// [[0,1],[1,0]] has a zero leading entry: elimination without row exchange would divide by 0.
    /// [[1e-20,1],[1,1]] without pivoting loses x₁ entirely (computes 0 instead of ≈1).
    func testPartialPivotingHandlesZeroAndTinyLeadingEntries() throws {
        let swap = try LUDecomposition(RealMatrix([[0, 1], [1, 0]]))
        XCTAssertEqual(try swap.solve([2, 3]), [3, 2])
        XCTAssertEqual(swap.determinant, -1)
        XCTAssertEqual(swap.permutationSign, -1)
        XCTAssertFalse(swap.isSingular)

        let tiny = try LUDecomposition(RealMatrix([[1e-20, 1], [1, 1]]))
        let x = try tiny.solve([1, 2])                 // exact: x₁ = 1/(1 − 1e-20), x₂ = (1 − 2e-20)/(1 − 1e-20)
        XCTAssertEqual(x[0], 1, accuracy: 4 * eps)
        XCTAssertEqual(x[1], 1, accuracy: 4 * eps)
    }

    /// det of the Vandermonde matrix V_ij = x_iʲ is Π_{i<j}(x_j − x_i).
    func testDeterminantOfVandermondeMatrixMatchesProductFormula() throws {
        let nodes: [Double] = [0.5, 1, 2, 3, -1, 1.5, -2.5]
        let n = nodes.count
        let v = RealMatrix(rows: n, columns: n) { i, j in pow(nodes[i], Double(j)) }
        var expected = 1.0
        for i in 0..<n { for j in (i + 1)..<n { expected *= nodes[j] - nodes[i] } }
        let lu = try LUDecomposition(v)
        XCTAssertEqual(lu.determinant, expected, accuracy: 1e-11 * abs(expected))
        let (logAbs, sign) = lu.logAbsDeterminant
        XCTAssertEqual(logAbs, log(abs(expected)), accuracy: 1e-11)
        XCTAssertEqual(sign, expected < 0 ? -1 : 1)
    }

    /// The Hilbert matrix H_ij = 1/(i+j−1) has the integer inverse
    /// (H⁻¹)_ij = (−1)^{i+j}(i+j−1)·C(n+i−1, n−j)·C(n+j−1, n−i)·C(i+j−2, i−1)² (1-based).
    /// The computed inverse has relative error ≲ κ·eps (κ₁ ≈ 2.9e7 for n = 6). The condition estimate
    /// underestimates ‖H⁻¹‖₁ by at most a factor 3 (Higham 1988), so 1/κ ≤ rcond ≤ 3/κ.
    func testHilbertInverseAndConditionEstimateMatchClosedForms() throws {
        let n = 6
        func binomial(_ a: Int, _ b: Int) -> Double {
            if b < 0 || b > a { return 0 }
            var r = 1.0
            for k in 0..<b { r = r * Double(a - k) / Double(k + 1) }
            return r.rounded()
        }
        let h = RealMatrix(rows: n, columns: n) { i, j in 1 / Double(i + j + 1) }
        let exact = RealMatrix(rows: n, columns: n) { i0, j0 in
            let i = i0 + 1, j = j0 + 1
            let sign: Double = (i + j) % 2 == 0 ? 1 : -1
            let c = binomial(i + j - 2, i - 1)
            return sign * Double(i + j - 1) * binomial(n + i - 1, n - j) * binomial(n + j - 1, n - i) * c * c
        }
        let lu = try LUDecomposition(h)
        let inverse = try lu.inverse()
        let kappa = h.oneNorm * exact.oneNorm
        XCTAssertLessThan(maxAbsDifference(inverse, exact) / exact.maxAbsEntry, 10 * kappa * eps)
        XCTAssertGreaterThanOrEqual(lu.reciprocalCondition, (1 - 1e-6) / kappa)
        XCTAssertLessThanOrEqual(lu.reciprocalCondition, 3 / kappa)
    }

    func testMatrixRightHandSideAndTransposedSolveMatchVectorSolves() throws {
        var rng = SplitMix64(seed: 12)
        let n = 40, m = 7
        let a = rng.gaussianMatrix(n, n), b = rng.gaussianMatrix(n, m)
        let lu = try LUDecomposition(a)
        let x = try lu.solve(b)
        for j in 0..<m {
            let xj = try lu.solve(b.column(j))
            for i in 0..<n { XCTAssertEqual(x[i, j], xj[i], accuracy: 1e-12 * max(1, abs(xj[i]))) }
        }
        let residual = try a * x - b
        XCTAssertLessThan(residual.maxAbsEntry, 1e-11)

        let c = (0..<n).map { _ in rng.normal() }
        let y = try lu.solveTransposed(c)
        let aty = try a.transposed.multiplied(by: y)
        XCTAssertLessThan(zip(aty, c).map { abs($0 - $1) }.max()!, 1e-11)

        let inverse = try lu.inverse()
        XCTAssertLessThan(maxAbsDifference(try a * inverse, .identity(n)), 1e-11)
    }

    /// Singular input is reported, never trapped and never answered with NaN.
    func testSingularMatricesAreReportedNotSolved() throws {
        // Exact zero pivot: the second row is twice the first.
        let exact = try LUDecomposition(RealMatrix([[1, 2], [2, 4]]))
        XCTAssertTrue(exact.isSingular)
        XCTAssertEqual(exact.firstZeroPivot, 1)
        XCTAssertEqual(exact.determinant, 0)
        XCTAssertEqual(exact.reciprocalCondition, 0)
        XCTAssertThrowsError(try exact.solve([1, 1])) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .singular(pivot: 1, reciprocalCondition: 0))
        }
        XCTAssertThrowsError(try exact.inverse())

        let zero = try LUDecomposition(RealMatrix(rows: 3, columns: 3))
        XCTAssertTrue(zero.isSingular)
        XCTAssertEqual(zero.firstZeroPivot, 0)

        // Rank 2 in 6 dimensions: rounding leaves tiny nonzero pivots, the rcond estimate (< eps) flags it.
        var rng = SplitMix64(seed: 13)
        let u = rng.gaussianMatrix(6, 2), v = rng.gaussianMatrix(2, 6)
        let lowRank = try LUDecomposition(u * v)
        XCTAssertTrue(lowRank.isSingular)
        XCTAssertThrowsError(try lowRank.solve([Double](repeating: 1, count: 6))) { error in
            guard case LinearAlgebraError.singular = error else { return XCTFail("\(error)") }
        }
    }

    /// det(2·I₁₁₀₀) = 2¹¹⁰⁰ overflows Double; the log form does not.
    func testLogDeterminantAvoidsOverflow() throws {
        let lu = try LUDecomposition(RealMatrix.diagonal([Double](repeating: 2, count: 1100)))
        XCTAssertEqual(lu.determinant, .infinity)
        XCTAssertEqual(lu.logAbsDeterminant.logAbs, 1100 * log(2.0), accuracy: 1e-10)
        XCTAssertEqual(lu.logAbsDeterminant.sign, 1)
    }

    func testInvalidInputThrows() {
        XCTAssertThrowsError(try LUDecomposition(RealMatrix(rows: 2, columns: 3))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .notSquare(operation: "LUDecomposition", rows: 2, columns: 3))
        }
        XCTAssertThrowsError(try LUDecomposition(RealMatrix([[1, .nan], [0, 1]]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .nonFiniteInput(operation: "LUDecomposition", row: 0, column: 1))
        }
        XCTAssertThrowsError(try LUDecomposition(.identity(3)).solve([1, 2]))
    }
}
