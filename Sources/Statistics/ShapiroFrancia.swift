import Foundation

/// The Shapiro–Francia test of normality (Shapiro & Francia 1972) with Royston's (1993) normal approximation
/// of its null distribution.
///
/// W′ = (Σᵢ mᵢ x₍ᵢ₎)² / (Σᵢ mᵢ² · Σᵢ (xᵢ − x̄)²), the squared correlation between the ordered sample x₍ᵢ₎ and
/// the normal scores mᵢ = Φ⁻¹((i − 3/8)/(n + 1/4)); W′ ≤ 1, small values reject normality. With u = ln n and
/// v = ln u, log(1 − W′) is approximately N(μ, s²) with μ = −1.2725 + 1.0521(v − u), s = 1.0308 − 0.26758(v + 2/u),
/// and the p-value is P(Z ≥ (log(1 − W′) − μ)/s). Royston's approximation holds for 5 ≤ n ≤ 5000.
public enum ShapiroFrancia {
    public struct Result: Sendable, Equatable {
        public var statistic: Double
        public var z: Double
        public var pValue: Double
    }

    /// The test of `sample` (5 ≤ n ≤ 5000, not all equal; otherwise nil).
    public static func test(_ sample: [Double]) -> Result? {
        let n = sample.count
        guard n >= 5, n <= 5000, sample.allSatisfy(\.isFinite) else { return nil }
        let x = sample.sorted()
        let mean = x.reduce(0, +) / Double(n)
        let ss = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard ss > 0 else { return nil }
        var dot = 0.0, mm = 0.0
        for i in 0..<n {
            let m = NormalDistribution.quantile((Double(i + 1) - 0.375) / (Double(n) + 0.25))
            dot += m * x[i]
            mm += m * m
        }
        let w = min(1, dot * dot / (mm * ss))
        let u = Foundation.log(Double(n)), v = Foundation.log(u)
        let mu = -1.2725 + 1.0521 * (v - u), s = 1.0308 - 0.26758 * (v + 2 / u)
        let z = (Foundation.log(max(1 - w, 1e-300)) - mu) / s
        return Result(statistic: w, z: z, pValue: 1 - NormalDistribution.cdf(z))
    }
}
