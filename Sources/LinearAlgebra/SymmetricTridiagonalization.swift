// SymmetricTridiagonalization.swift — Householder reduction of a symmetric matrix to tridiagonal form.

/// Reduces the symmetric n × n matrix in `a` (row-major) to tridiagonal form Qᵀ A Q = tridiag(e, d, e).
///
/// Algorithm: Householder tridiagonalisation working from the last row up (Bowdler, Martin, Reinsch &
/// Wilkinson, Handbook for Automatic Computation vol. II; EISPACK `tred2`). Each step forms
/// p = A u/β by a symmetric matrix–vector product over the lower triangle, K = uᵀp/2β, q = p − K u, and
/// the rank-2 update A −= u qᵀ + q uᵀ. The routine works on Qᵀ in `a` — JAMA's V[k][j] is `a[j*n + k]` —
/// so every inner loop runs along a contiguous row. Backward stable (‖E‖ = O(n·eps·‖A‖)).
/// - Parameters:
///   - accumulate: if true, `a` ends as Qᵀ (row k of `a` is column k of Q); otherwise `a` is garbage.
/// - Returns: the diagonal d (n entries) and the subdiagonal e (e[0] = 0, e[i] couples i−1 and i).
/// - Complexity: 4n³/3 flops, plus 4n³/3 for Q.
func tridiagonalize(_ a: UnsafeMutablePointer<Double>, _ n: Int, accumulate: Bool) -> (d: [Double], e: [Double]) {
    var d = [Double](repeating: 0, count: n), e = [Double](repeating: 0, count: n)
    if n == 0 { return (d, e) }
    @inline(__always) func V(_ k: Int, _ j: Int) -> Double { a[j &* n &+ k] }
    @inline(__always) func setV(_ k: Int, _ j: Int, _ x: Double) { a[j &* n &+ k] = x }
    d.withUnsafeMutableBufferPointer { db in
        e.withUnsafeMutableBufferPointer { eb in
            let d = db.baseAddress!, e = eb.baseAddress!
            for j in 0..<n { d[j] = V(n - 1, j) }
            var i = n - 1
            while i > 0 {
                var scale = 0.0, h = 0.0
                for k in 0..<i { scale += Swift.abs(d[k]) }
                if scale == 0 {
                    e[i] = d[i - 1]
                    for j in 0..<i { d[j] = V(i - 1, j); setV(i, j, 0); setV(j, i, 0) }
                } else {
                    for k in 0..<i { d[k] /= scale; h += d[k] * d[k] }
                    var f = d[i - 1]
                    var g = h.squareRoot()
                    if f > 0 { g = -g }
                    e[i] = scale * g
                    h -= f * g
                    d[i - 1] = f - g
                    for j in 0..<i { e[j] = 0 }
                    // p = A u over the stored triangle: row j of `a` holds V(k, j) for k ≥ j.
                    for j in 0..<i {
                        f = d[j]
                        setV(j, i, f)
                        let row = a + j &* n
                        g = e[j] + row[j] * f
                        let len = i &- j &- 1
                        if len > 0 {
                            g += dotProduct(row + (j &+ 1), d + (j &+ 1), len)
                            axpy(f, row + (j &+ 1), e + (j &+ 1), len)
                        }
                        e[j] = g
                    }
                    f = 0
                    for j in 0..<i { e[j] /= h; f += e[j] * d[j] }
                    let hh = f / (h + h)
                    for j in 0..<i { e[j] -= hh * d[j] }
                    for j in 0..<i {                 // A −= u qᵀ + q uᵀ on the stored triangle
                        f = d[j]; g = e[j]
                        let row = a + j &* n
                        var k = j
                        while k < i { row[k] -= f * e[k] + g * d[k]; k &+= 1 }
                        d[j] = V(i - 1, j)
                        setV(i, j, 0)
                    }
                }
                d[i] = h
                i -= 1
            }
            if accumulate {
                for i in 0..<(n - 1) {
                    setV(n - 1, i, V(i, i))
                    setV(i, i, 1)
                    let h = d[i + 1]
                    let u = a + (i &+ 1) &* n          // V(0...i, i+1)
                    if h != 0 {
                        for k in 0...i { d[k] = u[k] / h }
                        for j in 0...i {
                            let row = a + j &* n
                            let g = dotProduct(u, row, i &+ 1)
                            axpy(-g, d, row, i &+ 1)
                        }
                    }
                    for k in 0...i { u[k] = 0 }
                }
                for j in 0..<n { d[j] = V(n - 1, j); setV(n - 1, j, 0) }
                setV(n - 1, n - 1, 1)
            } else {
                for j in 0..<n { d[j] = V(j, j) }
            }
            e[0] = 0
        }
    }
    return (d, e)
}
