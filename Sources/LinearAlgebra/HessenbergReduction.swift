// HessenbergReduction.swift — orthogonal reduction of a square matrix to upper Hessenberg form.

/// Reduces the n × n row-major matrix `h` in place to upper Hessenberg form H = Qᵀ A Q and, if
/// `qTransposed` is given, stores Qᵀ there (row-major n × n).
///
/// Algorithm: Householder reflections P_m = I − u uᵀ/β, m = 1 … n−2, each zeroing column m−1 below the
/// subdiagonal (Golub & Van Loan, Alg. 7.4.2; EISPACK `orthes`). Each reflection is applied from the left
/// as w = uᵀH followed by the rank-1 update H −= u wᵀ/β, and from the right row by row (dot product, then
/// axpy), so every inner loop runs along a contiguous row. Qᵀ = P_{n−2}⋯P_1 is accumulated backwards,
/// touching only the trailing block each step. Backward stable: the computed H is exactly similar to
/// A + E with ‖E‖ = O(n·eps·‖A‖).
/// - Complexity: 10n³/3 flops, plus 4n³/3 for Qᵀ.
func reduceToHessenberg(_ h: UnsafeMutablePointer<Double>, _ n: Int, qTransposed: UnsafeMutablePointer<Double>?) {
    if n < 3 {
        if let qt = qTransposed { setIdentity(qt, n) }
        return
    }
    // Reflector for step m is stored in row m of `vectors`, entries m..<n; its β in beta[m] (0 = none).
    var vectors = [Double](repeating: 0, count: n * n)
    var beta = [Double](repeating: 0, count: n)
    var w = [Double](repeating: 0, count: n)
    vectors.withUnsafeMutableBufferPointer { vb in
        w.withUnsafeMutableBufferPointer { wb in
            let v = vb.baseAddress!, w = wb.baseAddress!
            for m in 1..<(n - 1) {
                let len = n &- m
                let u = v + (m &* n &+ m)
                var scale = 0.0
                for i in m..<n { scale += Swift.abs(h[i &* n &+ m &- 1]) }
                if scale == 0 { continue }
                var norm2 = 0.0
                for i in 0..<len {
                    let x = h[(m &+ i) &* n &+ m &- 1] / scale
                    u[i] = x
                    norm2 += x * x
                }
                var alpha = norm2.squareRoot()
                if u[0] > 0 { alpha = -alpha }
                let b = norm2 - u[0] * alpha          // β = ‖u‖²/2 after u₀ ← u₀ − α
                u[0] -= alpha
                beta[m] = b
                // Left: H[m..<n, m..<n] −= u (uᵀ H)/β.
                for j in 0..<len { w[j] = 0 }
                for i in 0..<len { axpy(u[i], h + ((m &+ i) &* n &+ m), w, len) }
                for i in 0..<len { axpy(-u[i] / b, w, h + ((m &+ i) &* n &+ m), len) }
                // Right: H[0..<n, m..<n] −= (H u) uᵀ/β.
                for i in 0..<n {
                    let row = h + (i &* n &+ m)
                    let f = dotProduct(row, u, len) / b
                    axpy(-f, u, row, len)
                }
                h[m &* n &+ m &- 1] = scale * alpha
                for i in (m + 1)..<n { h[i &* n &+ m &- 1] = 0 }
            }
            guard let qt = qTransposed else { return }
            // Qᵀ = P_{n−2} ⋯ P_1 = I·P_{n−2}·…·P_1 applied from the right, trailing block only.
            setIdentity(qt, n)
            for m in stride(from: n - 2, through: 1, by: -1) where beta[m] != 0 {
                let len = n &- m
                let u = v + (m &* n &+ m)
                for i in m..<n {
                    let row = qt + (i &* n &+ m)
                    let f = dotProduct(row, u, len) / beta[m]
                    axpy(-f, u, row, len)
                }
            }
        }
    }
}

/// Sets the n × n row-major matrix `a` to the identity.
func setIdentity(_ a: UnsafeMutablePointer<Double>, _ n: Int) {
    a.update(repeating: 0, count: n &* n)
    for i in 0..<n { a[i &* n &+ i] = 1 }
}
