// LUDecomposition.swift — Gaussian elimination with partial pivoting, P·A = L·U.

/// The LU factorization with partial (row) pivoting, `P·A = L·U`, of a square matrix.
///
/// Algorithm: right-looking Gaussian elimination (Golub & Van Loan, Alg. 3.4.1); at step k the row with
/// the largest |a_ik|, i ≥ k, is swapped into place. Cost 2n³/3 flops. Backward stable in practice:
/// the computed factors satisfy P(A + E) = LU with ‖E‖ ≲ n·ρ·eps·‖A‖, ρ the growth factor.
///
/// The factorization itself never fails on a finite square matrix: a zero pivot column is skipped and
/// recorded in ``firstZeroPivot``. Solving with a singular factorization throws
/// ``LinearAlgebraError/singular(pivot:reciprocalCondition:)`` — see ``isSingular``.
public struct LUDecomposition: Sendable {
    /// The order n of the matrix.
    public let dimension: Int
    /// L and U packed in one n × n matrix: U on and above the diagonal, the multipliers of the unit
    /// lower-triangular L below it.
    public let factors: RealMatrix
    /// Row i of P·A is row `permutation[i]` of A.
    public let permutation: [Int]
    /// det(P) = ±1: the parity of the row swaps.
    public let permutationSign: Double
    /// The first elimination step whose pivot column was exactly zero (nil if none).
    public let firstZeroPivot: Int?
    /// ‖A‖₁ of the factored matrix.
    public let oneNorm: Double
    /// An estimate of the reciprocal condition number 1 / (‖A‖₁ ‖A⁻¹‖₁) (Hager–Higham estimator). The
    /// estimate of ‖A⁻¹‖₁ is a lower bound, usually within a factor 3, so this is a mild overestimate of
    /// the true rcond. 0 when a pivot is exactly zero.
    public private(set) var reciprocalCondition: Double

    /// Factors `matrix`.
    /// - Throws: ``LinearAlgebraError/notSquare(operation:rows:columns:)``,
    ///   ``LinearAlgebraError/nonFiniteInput(operation:row:column:)``.
    /// - Complexity: 2n³/3 flops for the factorization plus O(n²) for the condition estimate.
    public init(_ matrix: RealMatrix) throws(LinearAlgebraError) {
        try matrix.requireSquare("LUDecomposition")
        try matrix.requireFinite("LUDecomposition")
        let n = matrix.rows
        var a = matrix.elements
        var perm = Array(0..<n)
        var sign = 1.0
        var zeroPivot: Int? = nil
        a.withUnsafeMutableBufferPointer { buf in
            guard let a = buf.baseAddress else { return }
            for k in 0..<n {
                var p = k, big = Swift.abs(a[k &* n &+ k])
                for i in (k + 1)..<Swift.max(n, k + 1) where Swift.abs(a[i &* n &+ k]) > big {
                    big = Swift.abs(a[i &* n &+ k]); p = i
                }
                if big == 0 {
                    if zeroPivot == nil { zeroPivot = k }
                    continue
                }
                if p != k {
                    swapRows(a + p &* n, a + k &* n, n)
                    perm.swapAt(p, k)
                    sign = -sign
                }
                let pivot = a[k &* n &+ k]
                let rowK = UnsafePointer(a + (k &* n &+ k &+ 1))
                for i in (k + 1)..<Swift.max(n, k + 1) {
                    let l = a[i &* n &+ k] / pivot
                    a[i &* n &+ k] = l
                    if l != 0 { axpy(-l, rowK, a + (i &* n &+ k &+ 1), n &- k &- 1) }
                }
            }
        }
        self.dimension = n
        self.factors = RealMatrix(uncheckedRows: n, columns: n, elements: a)
        self.permutation = perm
        self.permutationSign = sign
        self.firstZeroPivot = zeroPivot
        self.oneNorm = matrix.oneNorm
        self.reciprocalCondition = 0
        if zeroPivot == nil { self.reciprocalCondition = estimateReciprocalCondition() }
    }

    /// True when the matrix is singular to working precision: a pivot is exactly zero, or the
    /// estimated reciprocal condition number is below machine epsilon (2.2e-16), so that a solution
    /// would carry no correct digits. The empty matrix is not singular.
    public var isSingular: Bool {
        dimension > 0 && (firstZeroPivot != nil || !(reciprocalCondition >= Double.ulpOfOne))
    }

    /// det(A) = det(P)·Π u_ii. Exactly 0 when a pivot is zero; may overflow to ±inf for large n
    /// (use ``logAbsDeterminant`` then).
    public var determinant: Double {
        if firstZeroPivot != nil { return 0 }
        var d = permutationSign
        for i in 0..<dimension { d *= factors.elements[i * dimension + i] }
        return d
    }

    /// (log|det A|, sign det A) without overflow; (−inf, 0) for an exactly singular matrix.
    public var logAbsDeterminant: (logAbs: Double, sign: Double) {
        if firstZeroPivot != nil { return (-Double.infinity, 0) }
        var s = permutationSign, l = 0.0
        for i in 0..<dimension {
            let u = factors.elements[i * dimension + i]
            if u < 0 { s = -s }
            l += logDouble(Swift.abs(u))
        }
        return (l, s)
    }

    /// Solves A·x = b by forward and back substitution. 2n² flops.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:expected:got:)`` if `b.count != n`;
    ///   ``LinearAlgebraError/singular(pivot:reciprocalCondition:)`` if ``isSingular``.
    public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        try requireSolvable(rhsRows: b.count)
        var x = permutation.map { b[$0] }
        x.withUnsafeMutableBufferPointer { solveInPlace($0.baseAddress!) }
        return x
    }

    /// Solves A·X = B for a matrix of right-hand sides (columns of B). 2n²·m flops, row-oriented.
    /// - Throws: as ``solve(_:)-([Double])``.
    public func solve(_ b: RealMatrix) throws(LinearAlgebraError) -> RealMatrix {
        try requireSolvable(rhsRows: b.rows)
        let n = dimension, m = b.columns
        var x = [Double](repeating: 0, count: n * m)
        for i in 0..<n { for j in 0..<m { x[i * m + j] = b.elements[permutation[i] * m + j] } }
        factors.elements.withUnsafeBufferPointer { f in
            x.withUnsafeMutableBufferPointer { xb in
                let f = f.baseAddress!, x = xb.baseAddress!
                for i in 0..<n {                      // L y = P b, L unit lower triangular
                    for j in 0..<i where f[i &* n &+ j] != 0 { axpy(-f[i &* n &+ j], x + j &* m, x + i &* m, m) }
                }
                for i in stride(from: n - 1, through: 0, by: -1) {   // U x = y
                    for j in (i + 1)..<Swift.max(n, i + 1) where f[i &* n &+ j] != 0 {
                        axpy(-f[i &* n &+ j], x + j &* m, x + i &* m, m)
                    }
                    let r = 1 / f[i &* n &+ i]
                    for j in 0..<m { x[i &* m &+ j] *= r }
                }
            }
        }
        return RealMatrix(uncheckedRows: n, columns: m, elements: x)
    }

    /// Solves Aᵀ·x = b (using Aᵀ = Uᵀ Lᵀ P). 2n² flops.
    /// - Throws: as ``solve(_:)-([Double])``.
    public func solveTransposed(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        try requireSolvable(rhsRows: b.count)
        var z = b
        z.withUnsafeMutableBufferPointer { solveTransposedInPlace($0.baseAddress!) }
        var x = z
        for i in 0..<dimension { x[permutation[i]] = z[i] }
        return x
    }

    /// A⁻¹, by solving A·X = I. 2n³ flops. - Throws: as ``solve(_:)-([Double])``.
    public func inverse() throws(LinearAlgebraError) -> RealMatrix {
        try solve(RealMatrix.identity(dimension))
    }

    private func requireSolvable(rhsRows: Int) throws(LinearAlgebraError) {
        guard rhsRows == dimension else {
            throw .dimensionMismatch(operation: "LUDecomposition.solve", expected: "\(dimension) rows",
                                     got: "\(rhsRows)")
        }
        if isSingular { throw .singular(pivot: firstZeroPivot, reciprocalCondition: reciprocalCondition) }
    }

    /// x ← U⁻¹ L⁻¹ x (x already permuted). Requires nonzero pivots.
    func solveInPlace(_ x: UnsafeMutablePointer<Double>) {
        let n = dimension
        factors.elements.withUnsafeBufferPointer { fb in
            let f = fb.baseAddress!
            for i in 0..<n { x[i] -= dotProduct(f + i &* n, x, i) }
            for i in stride(from: n - 1, through: 0, by: -1) {
                let s = dotProduct(f + (i &* n &+ i &+ 1), x + (i &+ 1), n &- i &- 1)
                x[i] = (x[i] - s) / f[i &* n &+ i]
            }
        }
    }

    /// z ← L⁻ᵀ U⁻ᵀ z; then Aᵀx = b has x[perm[i]] = z[i]. Requires nonzero pivots.
    func solveTransposedInPlace(_ z: UnsafeMutablePointer<Double>) {
        let n = dimension
        factors.elements.withUnsafeBufferPointer { fb in
            let f = fb.baseAddress!
            for j in 0..<n {                          // Uᵀ y = b, column-oriented over rows of U
                z[j] /= f[j &* n &+ j]
                axpy(-z[j], f + (j &* n &+ j &+ 1), z + (j &+ 1), n &- j &- 1)
            }
            for j in stride(from: n - 1, through: 0, by: -1) {   // Lᵀ z = y
                axpy(-z[j], f + j &* n, z, j)
            }
        }
    }
}

@inline(__always)
func swapRows(_ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
    var i = 0
    while i < n { let t = x[i]; x[i] = y[i]; y[i] = t; i &+= 1 }
}

extension RealMatrix {
    /// Internal initializer for arrays whose size the caller guarantees.
    init(uncheckedRows rows: Int, columns: Int, elements: [Double]) {
        self.init(rows: rows, columns: columns)
        self.elements = elements
    }
}
