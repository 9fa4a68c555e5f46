import DenseKernels

/// A sampling trajectory (frames as rows, T × d, in the same space as the data the components were fitted
/// on) seen through the data's leading principal components, as in the NLM paper's trajectory figures.
public struct TrajectoryProjection: Sendable {
    /// Scores of every frame on the components (T × k): (x_t − μ)·v_c.
    public let scores: Matrix
    /// Share of the data's variance each component explains (for axis labels).
    public let explainedVarianceRatio: [Double]

    /// Projects `trajectory` on the first `components` principal components of `pca` (all if nil).
    public init(trajectory: Matrix, pca: PrincipalComponents, components: Int? = nil) {
        let k = min(components ?? pca.components.rows, pca.components.rows)
        precondition(k >= 1 && trajectory.cols == pca.components.cols, "trajectory and components differ in dimension")
        let all = pca.project(trajectory)
        var s = Matrix(rows: trajectory.rows, cols: k)
        for t in 0..<trajectory.rows { for c in 0..<k { s[t, c] = all[t, c] } }
        scores = s
        explainedVarianceRatio = Array(pca.explainedVarianceRatio.prefix(k))
    }

    /// Euclidean path length in the projected plane/space, Σ_t ‖s_{t+1} − s_t‖ (how far the chain travels).
    public var pathLength: Double {
        var total = 0.0
        for t in 1..<max(scores.rows, 1) {
            var s = 0.0
            for c in 0..<scores.cols { let e = Double(scores[t, c]) - Double(scores[t - 1, c]); s += e * e }
            total += s.squareRoot()
        }
        return total
    }
}
