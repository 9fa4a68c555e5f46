import DenseKernels

/// First and second sample moments of a data set whose rows are samples, in double precision.
public enum SampleMoments {
    /// μ_j = (1/n) Σ_i x_ij, accumulated in double. O(n·d).
    public static func mean(_ m: Matrix) -> [Double] {
        let n = m.rows, d = m.cols
        var mu = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mu[j] += Double(m.storage[i * d + j]) } }
        return mu.map { $0 / Double(max(n, 1)) }
    }

    /// The centred (unbiased) sample covariance C = (X − 1μᵀ)ᵀ(X − 1μᵀ)/(n − 1), d × d row-major.
    ///
    /// Algorithm: the mean is taken in double and subtracted in double; the centred rows, rounded to float,
    /// are multiplied by the project's float GEMM in chunks of 256 rows (C_chunk = Yᵀ Y), and the chunks'
    /// products are summed in double. Each entry therefore carries the float GEMM's error over only 256
    /// terms (relative ~√256·2⁻²⁴ ≈ 1e-6 of Σ|y_ip y_iq| for the chunk) and no cancellation across chunks.
    /// - Complexity: n·d² multiply–adds in GEMM plus O(d²·n/256) double additions; ~1 s for 60 000 × 784.
    public static func covariance(_ m: Matrix) -> [Double] {
        let n = m.rows, d = m.cols
        precondition(n >= 2, "a covariance needs at least 2 samples")
        let mu = mean(m)
        var c = [Double](repeating: 0, count: d * d)
        let block = 256
        var start = 0
        var centred = Matrix(rows: min(block, n), cols: d)
        while start < n {
            let count = min(block, n - start)
            if centred.rows != count { centred = Matrix(rows: count, cols: d) }
            for i in 0..<count {
                for j in 0..<d { centred.storage[i * d + j] = Float(Double(m.storage[(start + i) * d + j]) - mu[j]) }
            }
            let product = Matrix.product(centred, .transposed, centred, .none)          // d × d
            for k in 0..<(d * d) { c[k] += Double(product.storage[k]) }
            start += count
        }
        let scale = 1 / Double(n - 1)
        for p in 0..<d {
            for q in p..<d {
                let v = 0.5 * (c[p * d + q] + c[q * d + p]) * scale          // exact symmetry
                c[p * d + q] = v
                c[q * d + p] = v
            }
        }
        return c
    }
}
