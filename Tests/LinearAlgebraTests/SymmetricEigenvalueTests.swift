// SymmetricEigenvalueTests.swift — symmetric eigensolver (tridiagonalisation + implicit QL) against
// closed-form spectra, orthonormality, reconstruction and the general solver.
import XCTest
import Foundation
import LinearAlgebra
import TestSupport

final class SymmetricEigenvalueTests: XCTestCase {
    /// tridiag(b, a, b) of order n has λ_k = a + 2b·cos(kπ/(n+1)) and eigenvectors
    /// v_k(j) = sqrt(2/(n+1))·sin(jkπ/(n+1)), j, k = 1…n. Eigenvalue error ≤ c·n·eps·‖A‖; eigenvector
    /// error ≈ eps·‖A‖/gap with the smallest gap ≈ |b|·3π²/(n+1)² ≈ 0.008·|b| here, so 1e-11 is ample.
    func testTridiagonalToeplitzSpectrumAndEigenvectors() throws {
        let n = 60
        for (a, b) in [(2.0, -1.0), (0.3, 1.7)] {
            let t = RealMatrix(rows: n, columns: n) { i, j in i == j ? a : (abs(i - j) == 1 ? b : 0) }
            let d = try SymmetricEigendecomposition(t)
            let exact = (1...n).map { a + 2 * b * cos(Double($0) * Double.pi / Double(n + 1)) }.sorted()
            for k in 0..<n { XCTAssertEqual(d.eigenvalues[k], exact[k], accuracy: 10 * Double(n) * eps * 4 * abs(b)) }
            let v = d.eigenvectors!
            for k in 0..<n {
                // the k-th ascending eigenvalue belongs to index m with a + 2b cos(mπ/(n+1)) = exact[k]
                let m = (1...n).min { abs(a + 2 * b * cos(Double($0) * Double.pi / Double(n + 1)) - exact[k])
                                      < abs(a + 2 * b * cos(Double($1) * Double.pi / Double(n + 1)) - exact[k]) }!
                let reference = (1...n).map { (2 / Double(n + 1)).squareRoot() * sin(Double($0 * m) * Double.pi / Double(n + 1)) }
                let dot = (0..<n).reduce(0.0) { $0 + v[$1, k] * reference[$1] }
                let sign: Double = dot < 0 ? -1 : 1
                for j in 0..<n { XCTAssertEqual(v[j, k], sign * reference[j], accuracy: 1e-11) }
            }
        }
    }

    /// Backward stability of tred2/tql2: ‖VᵀV − I‖_max and ‖A − VΛVᵀ‖_F/‖A‖_F are O(n·eps); the bound
    /// 10·n·eps is met with a wide margin by a correct solver and missed by O(1) for a wrong one.
    func testRandomSymmetricMatrixIsReconstructedByOrthonormalEigenvectors() throws {
        var rng = SplitMix64(seed: 31)
        let n = 120
        let g = rng.gaussianMatrix(n, n)
        let a = try 0.5 * (g + g.transposed)
        let d = try SymmetricEigendecomposition(a)
        let v = d.eigenvectors!
        XCTAssertEqual(d.eigenvalues, d.eigenvalues.sorted())
        XCTAssertLessThan(maxAbsDifference(try v.transposed * v, .identity(n)), 10 * Double(n) * eps)
        let reconstruction = try v * RealMatrix.diagonal(d.eigenvalues) * v.transposed
        XCTAssertLessThan(try (reconstruction - a).frobeniusNorm / a.frobeniusNorm, 10 * Double(n) * eps)
        for k in 0..<n {                              // sign convention: largest component positive
            let column = v.column(k)
            let big = column.indices.max { abs(column[$0]) < abs(column[$1]) }!
            XCTAssertGreaterThan(column[big], 0)
        }
        // The eigenvalue-only path does the same arithmetic on (d, e): bit-identical eigenvalues.
        XCTAssertEqual(try a.symmetricEigenvalues(), d.eigenvalues)
    }

    /// On a symmetric input the general nonsymmetric solver must find the same (real) spectrum.
    func testAgreesWithGeneralSolverOnSymmetricInput() throws {
        var rng = SplitMix64(seed: 32)
        let n = 40
        let g = rng.gaussianMatrix(n, n)
        let a = try g * g.transposed
        let symmetric = try SymmetricEigendecomposition(a, computeEigenvectors: false).eigenvalues
        let general = try a.eigenvalues()
        XCTAssertLessThan(maxMatchingDistance(general, symmetric.map { Complex($0) }), 1e-12 * a.frobeniusNorm)
    }

    /// Q·diag(1,1,1,2,2,5)·Qᵀ: repeated eigenvalues are exact to O(eps‖A‖) and their eigenvectors, though
    /// not unique, must span the same invariant subspace: ‖V₁V₁ᵀ − Q₁Q₁ᵀ‖ small.
    func testRepeatedEigenvaluesGiveOrthonormalBasisOfTheEigenspace() throws {
        var rng = SplitMix64(seed: 33)
        let n = 6
        let q = rng.orthogonalMatrix(n)
        let a = try q * RealMatrix.diagonal([1, 1, 1, 2, 2, 5]) * q.transposed
        let d = try SymmetricEigendecomposition(a)
        for (computed, exact) in zip(d.eigenvalues, [1.0, 1, 1, 2, 2, 5]) { XCTAssertEqual(computed, exact, accuracy: 1e-13) }
        let v = d.eigenvectors!
        XCTAssertLessThan(maxAbsDifference(try v.transposed * v, .identity(n)), 1e-14)
        for range in [0..<3, 3..<5] {
            let projectorV = RealMatrix(rows: n, columns: n) { i, j in range.reduce(0.0) { $0 + v[i, $1] * v[j, $1] } }
            let projectorQ = RealMatrix(rows: n, columns: n) { i, j in range.reduce(0.0) { $0 + q[i, $1] * q[j, $1] } }
            XCTAssertLessThan(maxAbsDifference(projectorV, projectorQ), 1e-13)
        }
    }

    /// The all-ones matrix 𝟙𝟙ᵀ has eigenvalue n once (eigenvector 𝟙/√n) and 0 with multiplicity n − 1.
    /// A Gram matrix XᵀX with X of rank 5 (like a pixel covariance with constant pixels) has exactly
    /// n − 5 zero eigenvalues, to O(n·eps·‖A‖), and no negative ones beyond that.
    func testRankDeficientMatricesHaveZeroEigenvalues() throws {
        let n = 30
        let ones = RealMatrix(rows: n, columns: n, repeating: 1)
        let d = try SymmetricEigendecomposition(ones)
        for k in 0..<(n - 1) { XCTAssertEqual(d.eigenvalues[k], 0, accuracy: 10 * Double(n) * eps * Double(n)) }
        XCTAssertEqual(d.eigenvalues[n - 1], Double(n), accuracy: 10 * Double(n) * eps * Double(n))
        for i in 0..<n { XCTAssertEqual(d.eigenvectors![i, n - 1], 1 / Double(n).squareRoot(), accuracy: 1e-14) }

        var rng = SplitMix64(seed: 34)
        let x = rng.gaussianMatrix(5, n)
        let gram = try x.transposed * x
        let lambda = try gram.symmetricEigenvalues()
        let threshold = 10 * Double(n) * eps * gram.frobeniusNorm
        XCTAssertEqual(lambda.filter { abs($0) <= threshold }.count, n - 5)
        XCTAssertEqual(lambda.filter { $0 > threshold }.count, 5)
        XCTAssertGreaterThanOrEqual(lambda.min()!, -threshold)
    }

    func testDegenerateSizesAndIdentity() throws {
        XCTAssertEqual(try RealMatrix(rows: 0, columns: 0).symmetricEigenvalues(), [])
        let one = try SymmetricEigendecomposition(RealMatrix([[-2.5]]))
        XCTAssertEqual(one.eigenvalues, [-2.5])
        XCTAssertEqual(one.eigenvectors, try RealMatrix([[1]]))
        let identity = try SymmetricEigendecomposition(.identity(7))
        XCTAssertEqual(identity.eigenvalues, [Double](repeating: 1, count: 7))
        XCTAssertLessThan(maxAbsDifference(try identity.eigenvectors!.transposed * identity.eigenvectors!, .identity(7)), 1e-15)
    }

    /// Asymmetry beyond the tolerance is rejected with its position; within it, the symmetric part
    /// (A + Aᵀ)/2 is decomposed.
    func testAsymmetricInputIsRejectedOrSymmetrised() throws {
        XCTAssertThrowsError(try SymmetricEigendecomposition(RealMatrix([[1, 2], [2.1, 1]]))) { error in
            guard case let LinearAlgebraError.notSymmetric(row, column, asymmetry) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(row, 1); XCTAssertEqual(column, 0)
            XCTAssertEqual(asymmetry, 0.1 / 2.1, accuracy: 1e-12)
        }
        let nearly = try SymmetricEigendecomposition(RealMatrix([[1, 2 + 1e-9], [2 - 1e-9, 1]]))
        XCTAssertEqual(nearly.eigenvalues[0], -1, accuracy: 1e-15)     // eigenvalues of [[1,2],[2,1]]
        XCTAssertEqual(nearly.eigenvalues[1], 3, accuracy: 1e-15)
        XCTAssertThrowsError(try SymmetricEigendecomposition(RealMatrix([[1, .nan], [.nan, 1]])))
        XCTAssertThrowsError(try SymmetricEigendecomposition(RealMatrix(rows: 2, columns: 3)))
    }
}
