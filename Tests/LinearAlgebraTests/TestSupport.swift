// TestSupport.swift — seeded random matrices and residual measures shared by the LinearAlgebra tests.
import Foundation
import LinearAlgebra

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, seedable, well-mixed 64-bit generator, with uniform
/// and Box–Muller normal deviates. Used only to build reproducible test matrices.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) * 0x1p-53 }

    /// Standard normal by Box–Muller.
    mutating func normal() -> Double {
        let u = uniform(), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

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
