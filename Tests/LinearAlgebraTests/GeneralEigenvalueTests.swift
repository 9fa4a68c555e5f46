// GeneralEigenvalueTests.swift — general real eigenproblem (Hessenberg + Francis QR + back substitution)
// against matrices with known spectra and against invariants (trace, determinant, residuals).
import XCTest
import Foundation
import LinearAlgebra
import TestSupport

final class GeneralEigenvalueTests: XCTestCase {
    /// Backward stability means ‖Av − λv‖ ≤ c·n·eps·‖A‖‖v‖ for every computed pair; c = 10 is generous
    /// (typical values are ~1e-16), while a wrong eigenvector gives O(1).
    func testRandomMatrixEigenpairsHaveBackwardStableResiduals() throws {
        var rng = SplitMix64(seed: 21)
        for n in [1, 2, 3, 5, 40, 150] {
            let a = rng.gaussianMatrix(n, n)
            let d = try GeneralEigendecomposition(a)
            XCTAssertEqual(d.eigenvalues.count, n)
            var worst = 0.0
            for k in 0..<n { worst = max(worst, relativeEigenResidual(a, d.eigenvalues[k], d.eigenvector(k)!)) }
            XCTAssertLessThan(worst, 10 * Double(n) * eps, "n = \(n)")
        }
    }

    /// Σλ = tr A exactly in theory (error ≤ n·eps·‖A‖ in practice), and Πλ = det A, compared in log form
    /// with the LU determinant (relative error of det ~ Σ relative eigenvalue errors ≪ 1e-8 here).
    func testEigenvalueSumIsTraceAndProductIsLUDeterminant() throws {
        var rng = SplitMix64(seed: 22)
        let n = 60
        let a = rng.gaussianMatrix(n, n)
        let lambda = try a.eigenvalues()
        let sum = lambda.reduce(Complex.zero, +)
        XCTAssertEqual(sum.re, a.trace, accuracy: 10 * Double(n) * eps * a.frobeniusNorm)
        XCTAssertEqual(sum.im, 0, accuracy: 10 * Double(n) * eps * a.frobeniusNorm)
        let logAbsProduct = lambda.reduce(0.0) { $0 + log($1.magnitude) }
        let negativeReal = lambda.filter { $0.im == 0 && $0.re < 0 }.count
        let (logAbsDet, sign) = try LUDecomposition(a).logAbsDeterminant
        XCTAssertEqual(logAbsProduct, logAbsDet, accuracy: 1e-8)
        XCTAssertEqual(negativeReal % 2 == 0 ? 1.0 : -1.0, sign)
    }

    /// Companion matrices of polynomials with known roots. z⁸ − 1 has a zero diagonal and an orthogonal
    /// companion matrix (perfectly conditioned roots); the others mix real and complex roots.
    func testCompanionMatrixEigenvaluesAreThePolynomialRoots() throws {
        let unity = (0..<8).map { Complex(unitPhase: 2 * Double.pi * Double($0) / 8) }
        let mixed = [Complex(0, 1), Complex(0, -1), Complex(2), Complex(1, 2), Complex(1, -2), Complex(-0.5)]
        let mixedDecomposition = try GeneralEigendecomposition(companionMatrix(roots: mixed), computeEigenvectors: false)
        XCTAssertEqual(mixedDecomposition.spectralRadius, 5.0.squareRoot(), accuracy: 1e-11)   // |1 ± 2i|
        XCTAssertEqual(mixedDecomposition.spectralAbscissa, 2, accuracy: 1e-11)
        XCTAssertNil(mixedDecomposition.eigenvectorsReal)
        let realRoots = (1...6).map { Complex(Double($0)) }
        for (roots, tolerance) in [(unity, 1e-13), (mixed, 1e-11), (realRoots, 1e-9)] {
            let c = companionMatrix(roots: roots)
            let computed = try GeneralEigendecomposition(c)
            XCTAssertLessThan(maxMatchingDistance(computed.eigenvalues, roots), tolerance, "\(roots)")
            for k in 0..<roots.count {
                XCTAssertLessThan(relativeEigenResidual(c, computed.eigenvalues[k], computed.eigenvector(k)!), 1e-13)
            }
        }
    }

    /// A plane rotation by θ has eigenvalues e^{±iθ}; a 3-D rotation about axis u also has 1 with
    /// eigenvector u (Rodrigues: R = I + sinθ K + (1 − cosθ) K², K the cross-product matrix of u).
    func testRotationEigenvaluesAreUnitPhases() throws {
        for theta in [0.3, Double.pi / 2, 2.0, Double.pi - 1e-3] {
            let r = try RealMatrix([[cos(theta), -sin(theta)], [sin(theta), cos(theta)]])
            let d = try GeneralEigendecomposition(r)
            XCTAssertLessThan(maxMatchingDistance(d.eigenvalues, [Complex(unitPhase: theta), Complex(unitPhase: -theta)]), 4 * eps)
            for k in 0..<2 { XCTAssertLessThan(relativeEigenResidual(r, d.eigenvalues[k], d.eigenvector(k)!), 4 * eps) }
        }
        let u = [1.0 / 3, 2.0 / 3, 2.0 / 3], theta = 1.1
        let k = try RealMatrix([[0, -u[2], u[1]], [u[2], 0, -u[0]], [-u[1], u[0], 0]])
        let rotation = try RealMatrix.identity(3) + sin(theta) * k + (1 - cos(theta)) * (k * k)
        let d = try GeneralEigendecomposition(rotation)
        XCTAssertEqual(d.spectralRadius, 1, accuracy: 1e-14)
        XCTAssertEqual(d.spectralAbscissa, 1, accuracy: 1e-14)
        let expected = [Complex(1), Complex(unitPhase: theta), Complex(unitPhase: -theta)]
        XCTAssertLessThan(maxMatchingDistance(d.eigenvalues, expected), 1e-14)
        let one = d.eigenvalues.indices.min { (d.eigenvalues[$0] - Complex(1)).magnitude < (d.eigenvalues[$1] - Complex(1)).magnitude }!
        let axis = d.eigenvector(one)!
        for i in 0..<3 {
            XCTAssertEqual(axis[i].re, u[i], accuracy: 1e-14)
            XCTAssertEqual(axis[i].im, 0, accuracy: 1e-14)
        }
    }

    /// A triangular matrix's eigenvalues are its diagonal. Upper triangular input is already in Schur
    /// form, so the result is exact; the transpose (lower triangular, same eigenvalue condition numbers)
    /// goes through the full reduction.
    func testTriangularMatrixEigenvaluesAreItsDiagonal() throws {
        var rng = SplitMix64(seed: 23)
        let n = 30
        let diagonal = (0..<n).map { Double(($0 * 7) % n) - 10.5 }     // distinct, permuted
        let upper = RealMatrix(rows: n, columns: n) { i, j in i == j ? diagonal[i] : (j > i ? 0.1 * rng.normal() : 0) }
        let expected = diagonal.map { Complex($0) }
        let du = try GeneralEigendecomposition(upper)
        XCTAssertEqual(maxMatchingDistance(du.eigenvalues, expected), 0)
        let dl = try GeneralEigendecomposition(upper.transposed)
        XCTAssertLessThan(maxMatchingDistance(dl.eigenvalues, expected), 1e-10)
        for k in 0..<n {
            XCTAssertLessThan(relativeEigenResidual(upper, du.eigenvalues[k], du.eigenvector(k)!), 10 * Double(n) * eps)
            XCTAssertLessThan(relativeEigenResidual(upper.transposed, dl.eigenvalues[k], dl.eigenvector(k)!), 10 * Double(n) * eps)
        }
    }

    /// Q(J₂(2) ⊕ J₃(−1) ⊕ diag(4, 0.5, −3))Qᵀ with Q orthogonal. A perturbation of size δ ≈ n·eps·‖A‖
    /// (rounding in forming A and in QR) moves the eigenvalues of an m × m Jordan block by ≈ δ^{1/m}
    /// (Lidskii), so they are only accurate to ~sqrt(eps) and ~eps^{1/3}; the tolerance is 10·δ^{1/m}.
    /// The mean of each cluster is a well-conditioned function of A (first order in δ), so it is
    /// accurate to ~δ; the simple eigenvalues are accurate to ~δ as well.
    func testDefectiveJordanBlocksLoseAccuracyAsTheRootOfEpsilon() throws {
        var rng = SplitMix64(seed: 24)
        let n = 8
        var j = RealMatrix.diagonal([2, 2, -1, -1, -1, 4, 0.5, -3])
        j[0, 1] = 1; j[2, 3] = 1; j[3, 4] = 1
        let q = rng.orthogonalMatrix(n)
        let a = try q * j * q.transposed
        let delta = Double(n) * eps * a.frobeniusNorm
        let lambda = try a.eigenvalues()
        func cluster(_ center: Double, _ m: Int) -> [Complex] {
            Array(lambda.sorted { ($0 - Complex(center)).magnitude < ($1 - Complex(center)).magnitude }.prefix(m))
        }
        for (center, m) in [(2.0, 2), (-1.0, 3)] {
            let c = cluster(center, m)
            let spread = c.map { ($0 - Complex(center)).magnitude }.max()!
            XCTAssertLessThan(spread, 10 * pow(delta, 1 / Double(m)), "Jordan block at \(center)")
            let mean = c.reduce(Complex.zero, +) / Double(m)
            XCTAssertLessThan((mean - Complex(center)).magnitude, 1e3 * delta, "cluster mean at \(center)")
        }
        for simple in [4.0, 0.5, -3.0] {
            XCTAssertLessThan((cluster(simple, 1)[0] - Complex(simple)).magnitude, 1e3 * delta)
        }
    }

    /// D·B·D⁻¹ with D = diag(2^k), |k| ≤ 30, has the spectrum of B (≈ 1…8) but entries up to 2⁵⁰·‖B‖.
    /// Balancing undoes D exactly up to powers of 2, so the eigenvalue errors stay ~eps·‖B‖·κ.
    func testBalancingRecoversEigenvaluesOfBadlyScaledMatrix() throws {
        var rng = SplitMix64(seed: 25)
        let n = 8
        let t = RealMatrix(rows: n, columns: n) { i, j in i == j ? Double(i + 1) : (j > i ? 0.3 * rng.normal() : 0) }
        let q = rng.orthogonalMatrix(n)
        let b = try q * t * q.transposed
        let exponents: [Double] = [-20, 10, 25, 0, -15, 5, -30, 20]
        let a = RealMatrix(rows: n, columns: n) { i, j in b[i, j] * pow(2, exponents[i] - exponents[j]) }
        let expected = (1...n).map { Complex(Double($0)) }
        let d = try GeneralEigendecomposition(a, balance: true)
        XCTAssertLessThan(maxMatchingDistance(d.eigenvalues, expected), 1e-10)
        for k in 0..<n {
            let v = d.eigenvector(k)!
            // residual relative to the balanced scale: map back with D⁻¹ (exact) and test against B.
            let w = (0..<n).map { v[$0] * pow(2, -exponents[$0]) }
            XCTAssertLessThan(relativeEigenResidual(b, d.eigenvalues[k], w), 1e-12)
        }
    }

    /// A = Z T Zᵀ with Z orthogonal and T quasi upper triangular (2 × 2 blocks only for complex pairs).
    func testSchurDecompositionIsOrthogonalQuasiTriangularAndReconstructs() throws {
        var rng = SplitMix64(seed: 26)
        let n = 50
        let a = rng.gaussianMatrix(n, n)
        let s = try RealSchurDecomposition(a)
        let z = s.schurVectors, t = s.schurForm
        XCTAssertLessThan(maxAbsDifference(try z.transposed * z, .identity(n)), 10 * Double(n) * eps)
        let back = try z * t * z.transposed
        XCTAssertLessThan(try (back - a).frobeniusNorm / a.frobeniusNorm, 10 * Double(n) * eps)
        var i = 0
        while i < n {
            for r in (i + 2)..<max(n, i + 2) where r < n { XCTAssertEqual(t[r, i], 0) }
            if i + 1 < n && t[i + 1, i] != 0 {
                XCTAssertGreaterThan(s.eigenvalues[i].im, 0, "2x2 block at \(i) must hold a complex pair")
                XCTAssertEqual(s.eigenvalues[i + 1], s.eigenvalues[i].conjugate)
                if i + 2 < n { XCTAssertEqual(t[i + 2, i + 1], 0) }
                i += 2
            } else {
                XCTAssertEqual(s.eigenvalues[i].im, 0)
                XCTAssertEqual(s.eigenvalues[i].re, t[i, i])
                i += 1
            }
        }
    }

    /// Conventions: unit 2-norm, largest-modulus component real and positive, conjugate pairs adjacent
    /// (positive imaginary part first) with conjugate eigenvectors; the eigenvalue-only path agrees.
    func testEigenvectorNormalisationAndConjugatePairs() throws {
        var rng = SplitMix64(seed: 27)
        let n = 25
        let a = rng.gaussianMatrix(n, n)
        let d = try GeneralEigendecomposition(a)
        let valuesOnly = try a.eigenvalues()
        for k in 0..<n {
            XCTAssertEqual(valuesOnly[k].re, d.eigenvalues[k].re, accuracy: 1e-13)
            XCTAssertEqual(valuesOnly[k].im, d.eigenvalues[k].im, accuracy: 1e-13)
            let v = d.eigenvector(k)!
            XCTAssertEqual(v.reduce(0.0) { $0 + $1.re * $1.re + $1.im * $1.im }, 1, accuracy: 1e-14)
            let big = v.indices.max { v[$0].magnitude < v[$1].magnitude }!
            XCTAssertGreaterThan(v[big].re, 0)
            XCTAssertEqual(v[big].im, 0)
            if d.eigenvalues[k].im > 0 {
                XCTAssertEqual(d.eigenvalues[k + 1], d.eigenvalues[k].conjugate)
                XCTAssertEqual(d.eigenvector(k + 1)!, v.map { $0.conjugate })
            }
        }
    }

    func testDegenerateSizesAndZeroMatrix() throws {
        XCTAssertEqual(try RealMatrix(rows: 0, columns: 0).eigenvalues(), [])
        let one = try GeneralEigendecomposition(RealMatrix([[-3.5]]))
        XCTAssertEqual(one.eigenvalues, [Complex(-3.5)])
        XCTAssertEqual(one.eigenvector(0), [Complex(1)])
        let zero = try GeneralEigendecomposition(RealMatrix(rows: 6, columns: 6))
        XCTAssertEqual(zero.eigenvalues, [Complex](repeating: .zero, count: 6))
        XCTAssertEqual(zero.eigenvectorsReal, .identity(6))
        let identity = try GeneralEigendecomposition(.identity(5))
        XCTAssertEqual(identity.eigenvalues, [Complex](repeating: Complex(1), count: 5))
    }

    func testInvalidInputThrows() {
        XCTAssertThrowsError(try GeneralEigendecomposition(RealMatrix(rows: 3, columns: 2))) { error in
            guard case LinearAlgebraError.notSquare = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try RealSchurDecomposition(RealMatrix([[1, 2], [.infinity, 0]]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError,
                           .nonFiniteInput(operation: "RealSchurDecomposition", row: 1, column: 0))
        }
    }
}

/// The companion matrix of Π(z − r_k), first row −c_{n−1} … −c_0, ones on the subdiagonal. The roots
/// must be closed under conjugation so the coefficients are real.
func companionMatrix(roots: [Complex]) -> RealMatrix {
    var coefficients = [Complex(1)]                    // highest degree first
    for r in roots {
        var next = coefficients + [Complex.zero]
        for k in 1..<next.count { next[k] -= r * coefficients[k - 1] }
        coefficients = next
    }
    let n = roots.count
    return RealMatrix(rows: n, columns: n) { i, j in i == 0 ? -coefficients[j + 1].re : (i == j + 1 ? 1 : 0) }
}
