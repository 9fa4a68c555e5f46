// TestSupport.swift — seeded random matrices and residual measures shared by the LinearAlgebra tests.
import Foundation
import LinearAlgebra
import TestSupport

/// Random test matrices built from the shared seeded generator.
extension SplitMix64 {
    /// An n × m matrix with independent N(0, σ²) entries.
    mutating func gaussianMatrix(_ n: Int, _ m: Int, sigma: Double = 1) -> RealMatrix {
        RealMatrix(rows: n, columns: m) { _, _ in sigma * normal() }
    }

    /// A random orthogonal n × n matrix: a product of four Householder reflections I − 2uuᵀ/uᵀu with
    /// Gaussian u (orthogonal to rounding, and built without the code under test).
    mutating func orthogonalMatrix(_ n: Int) -> RealMatrix {
        var q = (0..<n).map { i in (0..<n).map { j in i == j ? 1.0 : 0.0 } }
        for _ in 0..<4 {
            let u = (0..<n).map { _ in normal() }
            let uu = u.reduce(0) { $0 + $1 * $1 }
            for i in 0..<n {                         // q ← q (I − 2uuᵀ/uᵀu)
                var s = 0.0
                for k in 0..<n { s += q[i][k] * u[k] }
                for k in 0..<n { q[i][k] -= 2 * s * u[k] / uu }
            }
        }
        return try! RealMatrix(q)
    }
}

/// ‖A v − λ v‖₂ / (‖A‖_F ‖v‖₂) for a complex eigenpair, evaluated directly in Double.
func relativeEigenResidual(_ a: RealMatrix, _ lambda: Complex, _ v: [Complex]) -> Double {
    let n = a.rows
    var r2 = 0.0, v2 = 0.0
    for i in 0..<n {
        var s = Complex.zero
        for j in 0..<n { s += a[i, j] * v[j] }
        s -= lambda * v[i]
        r2 += s.re * s.re + s.im * s.im
        v2 += v[i].re * v[i].re + v[i].im * v[i].im
    }
    return r2.squareRoot() / (a.frobeniusNorm * v2.squareRoot())
}

/// Largest |a_ij − b_ij|.
func maxAbsDifference(_ a: RealMatrix, _ b: RealMatrix) -> Double {
    zip(a.elements, b.elements).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
}

/// Matches two multisets of complex numbers greedily (each expected value takes its nearest unused
/// computed value) and returns the largest distance.
func maxMatchingDistance(_ computed: [Complex], _ expected: [Complex]) -> Double {
    var unused = computed
    var worst = 0.0
    for e in expected {
        guard let k = unused.indices.min(by: { (unused[$0] - e).magnitude < (unused[$1] - e).magnitude }) else {
            return .infinity
        }
        worst = max(worst, (unused[k] - e).magnitude)
        unused.remove(at: k)
    }
    return unused.isEmpty ? worst : .infinity
}

/// Double machine epsilon, 2⁻⁵².
let eps = Double.ulpOfOne
