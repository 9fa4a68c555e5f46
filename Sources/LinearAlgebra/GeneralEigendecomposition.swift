// GeneralEigendecomposition.swift — eigenvalues and eigenvectors of a general real square matrix.

/// Eigenvalues and (optionally) right eigenvectors `A v = λ v` of a general real square matrix.
///
/// Algorithm (as LAPACK `dgeev`): optional balancing (`balanceInPlace`, Balancing.swift), Householder reduction to upper
/// Hessenberg form, the Francis double-shift QR algorithm to real Schur form T = Zᵀ(D⁻¹AD)Z, then
/// eigenvectors of T by back substitution, transformed back as v = D·Z·x. Each eigenvector is normalised
/// to unit Euclidean norm with its largest-modulus component real and positive.
///
/// Accuracy: backward stable; an eigenvalue's error is ≈ eps·‖A‖·κ(λ) for a simple eigenvalue with
/// condition number κ, and ≈ (eps·‖A‖)^{1/m} for an m-fold defective one. Residuals satisfy
/// ‖Av − λv‖ = O(n·eps·‖A‖). Eigenvectors of (nearly) repeated eigenvalues are ill determined.
/// - Complexity: about 10n³ flops for eigenvalues only, about 26n³ with eigenvectors.
public struct GeneralEigendecomposition: Sendable {
    /// The eigenvalues, in the order of the Schur form's diagonal; a complex-conjugate pair is
    /// adjacent with the positive imaginary part first.
    public let eigenvalues: [Complex]
    /// Real parts of the eigenvectors: column k belongs to `eigenvalues[k]`; nil unless requested.
    public let eigenvectorsReal: RealMatrix?
    /// Imaginary parts of the eigenvectors (zero columns for real eigenvalues); nil unless requested.
    public let eigenvectorsImaginary: RealMatrix?

    /// Computes the eigenvalues and, if `computeEigenvectors`, the eigenvectors of `matrix`.
    /// - Parameters:
    ///   - balance: scale by a diagonal similarity first (recommended; exact in binary arithmetic).
    /// - Throws: ``LinearAlgebraError/notSquare(operation:rows:columns:)``,
    ///   ``LinearAlgebraError/nonFiniteInput(operation:row:column:)``,
    ///   ``LinearAlgebraError/noConvergence(algorithm:index:iterations:)``.
    public init(_ matrix: RealMatrix, computeEigenvectors: Bool = true, balance: Bool = true) throws(LinearAlgebraError) {
        try matrix.requireSquare("GeneralEigendecomposition")
        try matrix.requireFinite("GeneralEigendecomposition")
        let n = matrix.rows
        var a = matrix.elements
        var scale = [Double](repeating: 1, count: n)
        if balance && n > 0 { scale = a.withUnsafeMutableBufferPointer { balanceInPlace($0.baseAddress!, n) } }
        var zt = computeEigenvectors ? [Double](repeating: 0, count: n * n) : []
        let (wr, wi) = try realSchurInPlace(&a, &zt, n, wantVectors: computeEigenvectors)
        self.eigenvalues = zip(wr, wi).map { Complex($0, $1) }
        guard computeEigenvectors && n > 0 else {
            self.eigenvectorsReal = computeEigenvectors ? RealMatrix(rows: 0, columns: 0) : nil
            self.eigenvectorsImaginary = self.eigenvectorsReal
            return
        }
        let (re, im) = schurEigenvectors(t: a, zt: zt, n: n, wr: wr, wi: wi, scale: scale)
        self.eigenvectorsReal = re
        self.eigenvectorsImaginary = im
    }

    /// The spectral radius max |λ|.
    public var spectralRadius: Double { eigenvalues.reduce(0) { Swift.max($0, $1.magnitude) } }

    /// The spectral abscissa max Re λ (−inf for the empty matrix): a fixed point x* of dx/dt = −x + F(x)
    /// with Jacobian A of F is linearly stable iff the spectral abscissa of A is below 1.
    public var spectralAbscissa: Double { eigenvalues.reduce(-Double.infinity) { Swift.max($0, $1.re) } }

    /// Eigenvector k as complex components, or nil if eigenvectors were not computed.
    public func eigenvector(_ k: Int) -> [Complex]? {
        guard let re = eigenvectorsReal, let im = eigenvectorsImaginary, k >= 0, k < re.columns else { return nil }
        return (0..<re.rows).map { Complex(re[$0, k], im[$0, k]) }
    }
}

extension RealMatrix {
    /// The eigenvalues of a square matrix (``GeneralEigendecomposition`` without eigenvectors).
    /// - Throws: as ``GeneralEigendecomposition/init(_:computeEigenvectors:balance:)``.
    public func eigenvalues() throws(LinearAlgebraError) -> [Complex] {
        try GeneralEigendecomposition(self, computeEigenvectors: false).eigenvalues
    }
}

/// Eigenvectors v = D·Z·x of A from the Schur form T (row-major), Zᵀ and the balancing scale D,
/// normalised; returned as real and imaginary parts with one eigenvector per column.
private func schurEigenvectors(t: [Double], zt: [Double], n: Int, wr: [Double], wi: [Double],
                               scale: [Double]) -> (RealMatrix, RealMatrix) {
    var xt = [Double](repeating: 0, count: n * n)
    var vt = [Double](repeating: 0, count: n * n)
    t.withUnsafeBufferPointer { tb in
        xt.withUnsafeMutableBufferPointer { xb in
            quasiTriangularEigenvectors(tb.baseAddress!, n, wr: wr, wi: wi, xt: xb.baseAddress!)
        }
    }
    // Vᵀ = Xᵀ·Zᵀ; Xᵀ is lower triangular, so rows e0..<e1 of Vᵀ need only the first e1 rows of Zᵀ.
    xt.withUnsafeBufferPointer { xb in
        zt.withUnsafeBufferPointer { zb in
            vt.withUnsafeMutableBufferPointer { vb in
                let block = 64
                var e0 = 0
                while e0 < n {
                    let e1 = Swift.min(e0 + block, n)
                    multiplyAccumulate(xb.baseAddress! + e0 * n, lda: n, zb.baseAddress!, ldb: n,
                                       vb.baseAddress! + e0 * n, ldc: n, m: e1 - e0, k: e1, n: n)
                    e0 = e1
                }
            }
        }
    }
    var re = [Double](repeating: 0, count: n * n), im = [Double](repeating: 0, count: n * n)
    var e = 0
    while e < n {
        if wi[e] == 0 {
            var v = (0..<n).map { vt[e * n + $0] * scale[$0] }
            normalizeReal(&v)
            for i in 0..<n { re[e * n + i] = v[i] }
            e += 1
        } else {
            // Rows e (real part) and e+1 (imaginary part) hold the eigenvector of wr[e] + i·wi[e], wi[e] > 0.
            var v = (0..<n).map { Complex(vt[e * n + $0] * scale[$0], vt[(e + 1) * n + $0] * scale[$0]) }
            normalizeComplex(&v)
            for i in 0..<n {
                re[e * n + i] = v[i].re; im[e * n + i] = v[i].im
                re[(e + 1) * n + i] = v[i].re; im[(e + 1) * n + i] = -v[i].im
            }
            e += 2
        }
    }
    return (RealMatrix(uncheckedRows: n, columns: n, elements: re).transposed,
            RealMatrix(uncheckedRows: n, columns: n, elements: im).transposed)
}

/// Scales v to unit 2-norm with its largest-magnitude component positive.
private func normalizeReal(_ v: inout [Double]) {
    let norm = euclideanNorm(v)
    guard norm > 0 else { return }
    var k = 0
    for i in v.indices where Swift.abs(v[i]) > Swift.abs(v[k]) { k = i }
    let f = (v[k] < 0 ? -1 : 1) / norm
    for i in v.indices { v[i] *= f }
}

/// Scales v to unit 2-norm with its largest-modulus component real and positive.
private func normalizeComplex(_ v: inout [Complex]) {
    var parts = [Double]()
    parts.reserveCapacity(2 * v.count)
    for z in v { parts.append(z.re); parts.append(z.im) }
    let norm = euclideanNorm(parts)
    guard norm > 0 else { return }
    var k = 0
    for i in v.indices where v[i].magnitude > v[k].magnitude { k = i }
    let rotation = v[k].conjugate / (v[k].magnitude * norm)
    for i in v.indices { v[i] = v[i] * rotation }
    v[k].im = 0
}
