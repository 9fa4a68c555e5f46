import DenseKernels
import LinearAlgebra

/// The Fréchet distance between Gaussians fitted to two feature sets (rows = samples), as in FID
/// (Heusel et al. 2017): d² = ‖μ_a − μ_b‖² + tr(Σ_a + Σ_b − 2(Σ_a^{½} Σ_b Σ_a^{½})^{½}), with every square root of a
/// symmetric positive semi-definite matrix taken through its eigendecomposition in double (negative
/// eigenvalues from rounding clamped to 0). Returns d², the quantity FID reports. Covariances are centred
/// (divisor n − 1). Accuracy: the estimate from finite samples is biased upwards by O(d/n); the algebra
/// itself is exact to ~1e-10 relative. Complexity: two covariances plus three d × d eigendecompositions/
/// products, O((n_a + n_b)d² + d³).
/// - Throws: `LinearAlgebraError` if the features are not finite.
public enum FrechetDistance {
    public static func between(_ a: Matrix, _ b: Matrix) throws -> Double {
        precondition(a.cols == b.cols && a.rows >= 2 && b.rows >= 2, "two feature sets of ≥ 2 rows and equal width")
        let d = a.cols
        let ma = SampleMoments.mean(a), mb = SampleMoments.mean(b)
        let ca = try RealMatrix(rows: d, columns: d, elements: SampleMoments.covariance(a))
        let cb = try RealMatrix(rows: d, columns: d, elements: SampleMoments.covariance(b))
        let rootA = try squareRoot(ca)
        let inner = try squareRoot(symmetrized(rootA * cb * rootA))
        var distance = 0.0
        for j in 0..<d { distance += (ma[j] - mb[j]) * (ma[j] - mb[j]) }
        return distance + ca.trace + cb.trace - 2 * inner.trace
    }

    /// S^{½} = V diag(√max(λ, 0)) Vᵀ of a symmetric positive semi-definite S.
    static func squareRoot(_ s: RealMatrix) throws -> RealMatrix {
        let e = try SymmetricEigendecomposition(s, symmetryTolerance: 1e-4)
        let v = e.eigenvectors!, n = s.rows
        return RealMatrix(rows: n, columns: n) { i, j in
            var sum = 0.0
            for k in 0..<n { sum += v[i, k] * max(e.eigenvalues[k], 0).squareRoot() * v[j, k] }
            return sum
        }
    }

    static func symmetrized(_ m: RealMatrix) -> RealMatrix {
        RealMatrix(rows: m.rows, columns: m.columns) { i, j in 0.5 * (m[i, j] + m[j, i]) }
    }
}
