import Foundation

/// Distances and moments of one-dimensional samples (marginals): W₁ between two empirical laws, excess kurtosis.
public enum MarginalStatistics {
    /// The 1-Wasserstein distance between the empirical laws of a and b: ∫|F_a⁻¹(u) − F_b⁻¹(u)| du over the
    /// merged quantile grid (exact for empirical distributions of any sizes).
    public static func wasserstein1(_ a: [Double], _ b: [Double]) -> Double {
        let x = a.sorted(), y = b.sorted()
        var i = 0, j = 0, u = 0.0, total = 0.0
        while i < x.count && j < y.count {
            let nextA = Double(i + 1) / Double(x.count), nextB = Double(j + 1) / Double(y.count)
            let next = min(nextA, nextB)
            total += (next - u) * abs(x[i] - y[j])
            u = next
            if nextA <= next { i += 1 }
            if nextB <= next { j += 1 }
        }
        return total
    }

    /// Excess kurtosis m₄/m₂² − 3 with central sample moments (the biased "Fisher" estimator scipy reports).
    public static func excessKurtosis(_ v: [Double]) -> Double {
        let n = Double(v.count), mean = v.reduce(0, +) / n
        let m2 = v.reduce(0) { $0 + pow($1 - mean, 2) } / n, m4 = v.reduce(0) { $0 + pow($1 - mean, 4) } / n
        return m4 / (m2 * m2) - 3
    }
}
