import DenseKernels

/// The second-moment error of the NLM paper:
///
///     E⁽²⁾ = (1/d²) Σ_pq (C_real,pq − C_generated,pq)²
///
/// the mean over all d² entries of the squared difference of the two sets' covariances, where C is the
/// *centred* sample covariance (divisor n − 1) of each set's rows, as in the paper's code
/// (`SampleMoments.covariance`, accumulated in double). 0 when the two sets share their second moments; it
/// does not see the means (compare them separately). Samples may be in any space, but both sets in the same
/// one (the experiments use pixels in [0, 1]; rates 2p − 1 give 4× the covariances and 16× E⁽²⁾).
/// - Complexity: two covariances, (n_real + n_generated)·d² multiply–adds.
public enum SecondMomentError {
    public static func between(real: Matrix, generated: Matrix) -> Double {
        precondition(real.cols == generated.cols && real.rows >= 2 && generated.rows >= 2, "two sets of ≥ 2 rows of the same dimension")
        let a = SampleMoments.covariance(real), b = SampleMoments.covariance(generated)
        var s = 0.0
        for k in 0..<a.count { let e = a[k] - b[k]; s += e * e }
        return s / Double(a.count)
    }

    /// Centred covariance (divisor n − 1) of the rows of `m`, d × d row-major, in double
    /// (the same as ``SampleMoments/covariance(_:)``).
    public static func covariance(_ m: Matrix) -> [Double] { SampleMoments.covariance(m) }
}
