// RealSchurDecomposition.swift — A = Z T Zᵀ with Z orthogonal and T quasi upper triangular.

/// The real Schur decomposition `A = Z·T·Zᵀ` of a square matrix: Z orthogonal, T quasi upper
/// triangular with 1 × 1 diagonal blocks (real eigenvalues) and 2 × 2 blocks (complex-conjugate pairs).
///
/// Algorithm: Householder reduction to Hessenberg form (`reduceToHessenberg`) followed by the Francis
/// implicit double-shift QR algorithm (`francisQR`). No balancing, so Z stays orthogonal. Backward
/// stable: Z T Zᵀ = A + E with ‖E‖_F = O(n·eps·‖A‖_F). Real 2 × 2 blocks are triangularised; complex
/// blocks are left in the form QR produced (not standardised to equal diagonals).
/// - Complexity: about 25n³ flops (784 × 784: see the module's timing notes).
public struct RealSchurDecomposition: Sendable {
    /// T, quasi upper triangular: every entry below the first subdiagonal is exactly zero, and a
    /// subdiagonal entry is nonzero only inside a 2 × 2 block of a complex pair.
    public let schurForm: RealMatrix
    /// Z, orthogonal; its columns are the Schur vectors.
    public let schurVectors: RealMatrix
    /// The eigenvalues in the order of T's diagonal; a complex pair is adjacent, positive imaginary part first.
    public let eigenvalues: [Complex]

    /// Computes the real Schur decomposition of `matrix`.
    /// - Throws: ``LinearAlgebraError/notSquare(operation:rows:columns:)``,
    ///   ``LinearAlgebraError/nonFiniteInput(operation:row:column:)``,
    ///   ``LinearAlgebraError/noConvergence(algorithm:index:iterations:)``.
    public init(_ matrix: RealMatrix) throws(LinearAlgebraError) {
        try matrix.requireSquare("RealSchurDecomposition")
        try matrix.requireFinite("RealSchurDecomposition")
        let n = matrix.rows
        var t = matrix.elements
        var zt = [Double](repeating: 0, count: n * n)
        let (wr, wi) = try realSchurInPlace(&t, &zt, n, wantVectors: true)
        self.schurForm = RealMatrix(uncheckedRows: n, columns: n, elements: t)
        self.schurVectors = RealMatrix(uncheckedRows: n, columns: n, elements: zt).transposed
        self.eigenvalues = zip(wr, wi).map { Complex($0, $1) }
    }
}

/// Hessenberg reduction plus Francis QR on the row-major n × n array `a`. With `wantVectors`, `a` becomes
/// the Schur form T (entries below the subdiagonal zeroed) and `zt` the transposed Schur vectors Zᵀ;
/// without, only the eigenvalues are meaningful and `zt` is untouched.
func realSchurInPlace(_ a: inout [Double], _ zt: inout [Double], _ n: Int,
                      wantVectors: Bool) throws(LinearAlgebraError) -> (re: [Double], im: [Double]) {
    if n == 0 { return ([], []) }
    var result: Result<(re: [Double], im: [Double]), LinearAlgebraError> = .success(([], []))
    a.withUnsafeMutableBufferPointer { ab in
        zt.withUnsafeMutableBufferPointer { zb in
            let h = ab.baseAddress!
            let z: UnsafeMutablePointer<Double>? = wantVectors ? zb.baseAddress! : nil
            reduceToHessenberg(h, n, qTransposed: z)
            do throws(LinearAlgebraError) {
                result = .success(try francisQR(h, n, zt: z, wantSchurForm: wantVectors))
            } catch {
                result = .failure(error)
            }
            if wantVectors {
                for i in 2..<Swift.max(n, 2) { for j in 0..<(i - 1) { h[i &* n &+ j] = 0 } }
            }
        }
    }
    return try result.get()
}
