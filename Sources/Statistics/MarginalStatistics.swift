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

    /// Skewness m₃/m₂^{3/2} with central sample moments (the biased estimator scipy reports).
    public static func skewness(_ v: [Double]) -> Double {
        let n = Double(max(1, v.count)), mean = v.reduce(0, +) / n
        let m2 = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n, m3 = v.reduce(0) { $0 + pow($1 - mean, 3) } / n
        return m3 / pow(m2, 1.5)
    }

    /// The histogram of `values` on [lo, hi] in `bins` equal bins, as a density: (bin centre, count/(total·width)).
    /// Values outside [lo, hi] are not counted but do count in `total` (default: all values), so the curve
    /// integrates to the share inside; hi itself falls in the last bin.
    public static func densityHistogram(_ values: [Double], from lo: Double, to hi: Double, bins: Int, total: Int? = nil) -> [(x: Double, density: Double)] {
        precondition(bins >= 1 && hi > lo, "a histogram needs bins ≥ 1 and hi > lo")
        let width = (hi - lo) / Double(bins)
        var counts = [Double](repeating: 0, count: bins)
        for v in values where v >= lo && v <= hi { counts[min(bins - 1, Int(((v - lo) / width).rounded(.down)))] += 1 }
        let scale = 1 / (Double(max(1, total ?? values.count)) * width)
        return counts.enumerated().map { (lo + width * (Double($0) + 0.5), $1 * scale) }
    }
}
