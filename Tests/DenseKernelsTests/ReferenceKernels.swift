import DenseKernels

/// Straightforward double-precision references and deterministic test data.
enum Reference {
    /// A `rows × cols` matrix with entries uniform in [−1, 1) from a fixed stream.
    static func matrix(rows: Int, cols: Int, seed: UInt64, ld: Int? = nil) -> (values: [Float], ld: Int) {
        let ld = ld ?? cols
        let s = RandomStream(seed: seed, stream: 99)
        var v = [Float](repeating: .nan, count: max(1, rows * ld))  // padding is NaN: must never be read
        for i in 0..<rows { for j in 0..<cols { v[i * ld + j] = 2 * s.uniform(UInt64(i * cols + j)) - 1 } }
        return (v, ld)
    }

    /// Element `(i, j)` of `op(X)` for `X` stored row-major with leading dimension `ld`.
    static func element(_ x: [Float], ld: Int, _ t: Transposition, _ i: Int, _ j: Int) -> Double {
        Double(t == .none ? x[i * ld + j] : x[j * ld + i])
    }

    /// `alpha·op(A)·op(B) + beta·C` in Double, and the error scale `|alpha|·Σ|a||b| + |beta|·|c|` per element.
    static func gemm(_ ta: Transposition, _ tb: Transposition, m: Int, n: Int, k: Int, alpha: Float,
                     a: [Float], lda: Int, b: [Float], ldb: Int, beta: Float, c: [Float], ldc: Int)
        -> (value: [Double], scale: [Double]) {
        var value = [Double](repeating: 0, count: m * n), scale = value
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0, g = 0.0
                for p in 0..<k {
                    let x = element(a, ld: lda, ta, i, p) * element(b, ld: ldb, tb, p, j)
                    s += x; g += abs(x)
                }
                let old = beta == 0 ? 0 : Double(c[i * ldc + j])
                value[i * n + j] = Double(alpha) * s + Double(beta) * old
                scale[i * n + j] = abs(Double(alpha)) * g + abs(Double(beta) * old)
            }
        }
        return (value, scale)
    }
}
