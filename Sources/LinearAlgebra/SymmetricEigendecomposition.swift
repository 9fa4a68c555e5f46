// SymmetricEigendecomposition.swift — A = V Λ Vᵀ for a real symmetric matrix.

/// Eigenvalues (ascending) and orthonormal eigenvectors of a real symmetric matrix, `A = V·diag(λ)·Vᵀ`.
///
/// Algorithm: Householder tridiagonalisation (`tridiagonalize`) followed by the implicit QL algorithm
/// (`tridiagonalQL`), as EISPACK `tred2`/`tql2`. The decomposition is of the symmetric part
/// (A + Aᵀ)/2; inputs whose asymmetry exceeds `symmetryTolerance` are rejected.
///
/// Accuracy: every eigenvalue has absolute error O(n·eps·‖A‖₂); ‖VᵀV − I‖ and ‖A − VΛVᵀ‖/‖A‖ are
/// O(n·eps). Eigenvectors of close eigenvalues individually are ill determined, their span is not.
/// - Complexity: 4n³/3 flops for eigenvalues only; about 4n³/3 + 4n³/3 + 3n³ with eigenvectors.
public struct SymmetricEigendecomposition: Sendable {
    /// The eigenvalues in ascending order.
    public let eigenvalues: [Double]
    /// Orthonormal eigenvectors: column k belongs to `eigenvalues[k]`, its largest-magnitude component
    /// positive. nil unless requested.
    public let eigenvectors: RealMatrix?

    /// Diagonalises `matrix`.
    /// - Parameters:
    ///   - computeEigenvectors: also compute V (costs about 4× the eigenvalues-only path).
    ///   - symmetryTolerance: largest accepted max|a_ij − a_ji| / max|a_ij|. The default 1e-6 accepts
    ///     matrices accumulated in single precision.
    /// - Throws: ``LinearAlgebraError/notSquare(operation:rows:columns:)``,
    ///   ``LinearAlgebraError/nonFiniteInput(operation:row:column:)``,
    ///   ``LinearAlgebraError/notSymmetric(row:column:asymmetry:)``,
    ///   ``LinearAlgebraError/noConvergence(algorithm:index:iterations:)``.
    public init(_ matrix: RealMatrix, computeEigenvectors: Bool = true,
                symmetryTolerance: Double = 1e-6) throws(LinearAlgebraError) {
        try matrix.requireSquare("SymmetricEigendecomposition")
        try matrix.requireFinite("SymmetricEigendecomposition")
        let n = matrix.rows
        var a = matrix.elements
        let largest = matrix.maxAbsEntry
        for i in 0..<n {
            for j in 0..<i {
                let asymmetry = Swift.abs(a[i * n + j] - a[j * n + i])
                if asymmetry > symmetryTolerance * largest {
                    throw .notSymmetric(row: i, column: j, asymmetry: asymmetry / largest)
                }
                let mean = 0.5 * (a[i * n + j] + a[j * n + i])
                a[i * n + j] = mean; a[j * n + i] = mean
            }
        }
        var d = [Double](), e = [Double]()
        var failure: LinearAlgebraError? = nil
        a.withUnsafeMutableBufferPointer { ab in
            guard let p = ab.baseAddress else { return }
            (d, e) = tridiagonalize(p, n, accumulate: computeEigenvectors)
            do throws(LinearAlgebraError) {
                try tridiagonalQL(d: &d, e: e, qt: computeEigenvectors ? p : nil, n)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        self.eigenvalues = d
        guard computeEigenvectors else { self.eigenvectors = nil; return }
        for k in 0..<n {                              // sign convention: largest component positive
            var big = 0
            for i in 0..<n where Swift.abs(a[k * n + i]) > Swift.abs(a[k * n + big]) { big = i }
            if a[k * n + big] < 0 { for i in 0..<n { a[k * n + i] = -a[k * n + i] } }
        }
        self.eigenvectors = RealMatrix(uncheckedRows: n, columns: n, elements: a).transposed
    }
}

extension RealMatrix {
    /// The eigenvalues of a symmetric matrix, ascending (``SymmetricEigendecomposition`` without vectors).
    /// - Throws: as ``SymmetricEigendecomposition/init(_:computeEigenvectors:symmetryTolerance:)``.
    public func symmetricEigenvalues() throws(LinearAlgebraError) -> [Double] {
        try SymmetricEigendecomposition(self, computeEigenvectors: false).eigenvalues
    }
}
