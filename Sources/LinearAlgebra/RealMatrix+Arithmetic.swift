// RealMatrix+Arithmetic.swift — products, sums and norms of RealMatrix.

extension RealMatrix {
    /// The matrix product `self · other`. 2·rows·columns·other.columns flops, cache-blocked.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:expected:got:)`` unless
    ///   `columns == other.rows`.
    public func multiplied(by other: RealMatrix) throws(LinearAlgebraError) -> RealMatrix {
        guard columns == other.rows else {
            throw .dimensionMismatch(operation: "RealMatrix.multiplied(by:)", expected: "\(columns) rows",
                                     got: "\(other.rows)x\(other.columns)")
        }
        var c = RealMatrix(rows: rows, columns: other.columns)
        let (m, k, n) = (rows, columns, other.columns)
        if m == 0 || n == 0 || k == 0 { return c }
        elements.withUnsafeBufferPointer { a in
            other.elements.withUnsafeBufferPointer { b in
                c.elements.withUnsafeMutableBufferPointer { cp in
                    multiplyAccumulate(a.baseAddress!, lda: k, b.baseAddress!, ldb: n, cp.baseAddress!, ldc: n,
                                       m: m, k: k, n: n)
                }
            }
        }
        return c
    }

    /// The matrix–vector product `self · x`. 2·rows·columns flops.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:expected:got:)`` unless `x.count == columns`.
    public func multiplied(by x: [Double]) throws(LinearAlgebraError) -> [Double] {
        guard x.count == columns else {
            throw .dimensionMismatch(operation: "RealMatrix.multiplied(by:[Double])", expected: "\(columns) entries",
                                     got: "\(x.count)")
        }
        var y = [Double](repeating: 0, count: rows)
        let (r, c) = (rows, columns)
        if c == 0 { return y }
        elements.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { xp in
                for i in 0..<r { y[i] = dotProduct(a.baseAddress! + i * c, xp.baseAddress!, c) }
            }
        }
        return y
    }

    /// `self · other`; see ``multiplied(by:)-(RealMatrix)``.
    public static func * (a: RealMatrix, b: RealMatrix) throws(LinearAlgebraError) -> RealMatrix {
        try a.multiplied(by: b)
    }

    /// Entry-wise sum. - Throws: ``LinearAlgebraError/dimensionMismatch(operation:expected:got:)`` on shape mismatch.
    public static func + (a: RealMatrix, b: RealMatrix) throws(LinearAlgebraError) -> RealMatrix {
        try a.combined(with: b, "RealMatrix.+", +)
    }

    /// Entry-wise difference. - Throws: ``LinearAlgebraError/dimensionMismatch(operation:expected:got:)`` on shape mismatch.
    public static func - (a: RealMatrix, b: RealMatrix) throws(LinearAlgebraError) -> RealMatrix {
        try a.combined(with: b, "RealMatrix.-", -)
    }

    /// `s · A`.
    public static func * (s: Double, a: RealMatrix) -> RealMatrix {
        var r = a
        for k in r.elements.indices { r.elements[k] *= s }
        return r
    }

    private func combined(with b: RealMatrix, _ op: String,
                          _ f: (Double, Double) -> Double) throws(LinearAlgebraError) -> RealMatrix {
        guard rows == b.rows, columns == b.columns else {
            throw .dimensionMismatch(operation: op, expected: "\(rows)x\(columns)", got: "\(b.rows)x\(b.columns)")
        }
        var r = self
        for k in r.elements.indices { r.elements[k] = f(elements[k], b.elements[k]) }
        return r
    }

    /// The Frobenius norm sqrt(Σ a_ij²), accumulated with scaling so it neither overflows nor underflows.
    public var frobeniusNorm: Double { euclideanNorm(elements) }

    /// The 1-norm max_j Σ_i |a_ij| (largest absolute column sum).
    public var oneNorm: Double {
        var sums = [Double](repeating: 0, count: columns)
        for i in 0..<rows { for j in 0..<columns { sums[j] += Swift.abs(elements[i * columns + j]) } }
        return sums.max() ?? 0
    }

    /// The ∞-norm max_i Σ_j |a_ij| (largest absolute row sum).
    public var infinityNorm: Double {
        (0..<rows).map { i in (0..<columns).reduce(0.0) { $0 + Swift.abs(elements[i * columns + $1]) } }.max() ?? 0
    }

    /// The largest absolute entry max |a_ij|.
    public var maxAbsEntry: Double { elements.reduce(0.0) { Swift.max($0, Swift.abs($1)) } }
}

/// sqrt(Σ x_i²) with the scaled sum of squares of LAPACK dnrm2: no overflow or underflow for finite x.
public func euclideanNorm(_ x: [Double]) -> Double {
    var scale = 0.0, ssq = 1.0
    for v in x where v != 0 {
        let a = Swift.abs(v)
        if scale < a {
            ssq = 1 + ssq * (scale / a) * (scale / a)
            scale = a
        } else {
            ssq += (a / scale) * (a / scale)
        }
    }
    return scale * ssq.squareRoot()
}
