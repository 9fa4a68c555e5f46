// Balancing.swift — diagonal similarity scaling that equalises row and column norms before QR.

/// Balances the n × n row-major matrix `a` in place, `a ← D⁻¹ A D`, and returns the diagonal of D.
///
/// Algorithm: Parlett & Reinsch (1969), EISPACK `balanc` without the permutation step: repeatedly, for
/// each index i, the off-diagonal 1-norms c (column i) and r (row i) are brought within a factor 2 of each
/// other by a power-of-2 scaling f (exact in binary floating point), accepted when it reduces c + r by at
/// least 5 %. Eigenvalues are unchanged; an eigenvector y of D⁻¹AD gives the eigenvector D·y of A.
/// Balancing reduces ‖A‖ and hence the absolute eigenvalue errors (≈ eps·‖A‖) of badly scaled matrices.
/// - Complexity: O(n²) per sweep; the sweep count is capped at 64.
func balanceInPlace(_ a: UnsafeMutablePointer<Double>, _ n: Int) -> [Double] {
    var scale = [Double](repeating: 1, count: n)
    let radix = 2.0, radixSquared = 4.0
    var sweeps = 0
    var converged = false
    while !converged && sweeps < 64 {
        converged = true
        sweeps += 1
        for i in 0..<n {
            var c = 0.0, r = 0.0
            for j in 0..<n where j != i {
                c += Swift.abs(a[j &* n &+ i])
                r += Swift.abs(a[i &* n &+ j])
            }
            if c == 0 || r == 0 { continue }
            let s = c + r
            var f = 1.0
            var g = r / radix
            var steps = 0
            while c < g && steps < 1000 { f *= radix; c *= radixSquared; steps += 1 }
            g = r * radix
            while c > g && steps < 2000 { f /= radix; c /= radixSquared; steps += 1 }
            if (c + r) / f < 0.95 * s {
                converged = false
                scale[i] *= f
                let inverse = 1 / f
                for j in 0..<n { a[i &* n &+ j] *= inverse }
                for j in 0..<n { a[j &* n &+ i] *= f }
            }
        }
    }
    return scale
}
