import DenseKernels
import LinearAlgebra

/// Principal components of a data set (rows = samples): the eigenvectors of the centred covariance
/// C = (X − μ)ᵀ(X − μ)/(n − 1) with the largest eigenvalues, from LinearAlgebra's symmetric eigensolver in
/// double (Householder tridiagonalisation + implicit QL, O(d³); about 1–2 s for d = 784 here). Each
/// component's largest-magnitude entry is positive, so results are deterministic.
public struct PrincipalComponents: Sendable {
    /// μ, the data mean (d).
    public let mean: [Float]
    /// Components as rows (k × d), by decreasing variance.
    public let components: Matrix
    /// The variance along each component (eigenvalues of C), decreasing.
    public let variances: [Double]
    /// Total variance tr C.
    public let totalVariance: Double

    public var explainedVarianceRatio: [Double] { variances.map { $0 / max(totalVariance, 1e-300) } }

    public init(data: Matrix, components k: Int) throws {
        let n = data.rows, d = data.cols
        precondition(n >= 2 && k >= 1 && k <= d, "need ≥ 2 samples and 1 ≤ components ≤ dimension")
        let c = SecondMomentError.covariance(data)
        var mu = [Float](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mu[j] += data.storage[i * d + j] } }
        mean = mu.map { $0 / Float(n) }
        let eig = try SymmetricEigendecomposition(try RealMatrix(rows: d, columns: d, elements: c))
        let v = eig.eigenvectors!
        var rows: [Float] = []
        var variances: [Double] = []
        for rank in 0..<k {
            let column = d - 1 - rank                      // eigenvalues ascend
            variances.append(max(eig.eigenvalues[column], 0))
            for j in 0..<d { rows.append(Float(v[j, column])) }
        }
        components = Matrix(rows: k, cols: d, storage: rows)
        self.variances = variances
        totalVariance = (0..<d).reduce(0) { $0 + c[$1 * d + $1] }
    }

    /// Scores (X − μ)Vᵀ: one row per sample, one column per component (n × k).
    public func project(_ x: Matrix) -> Matrix {
        var centred = x
        for i in 0..<x.rows { for j in 0..<x.cols { centred.storage[i * x.cols + j] -= mean[j] } }
        return Matrix.product(centred, .none, components, .transposed)
    }

    /// μ + scores · V: back to data space (n × d).
    public func reconstruct(_ scores: Matrix) -> Matrix {
        var x = Matrix.product(scores, .none, components, .none)
        for i in 0..<x.rows { for j in 0..<x.cols { x.storage[i * x.cols + j] += mean[j] } }
        return x
    }
}
