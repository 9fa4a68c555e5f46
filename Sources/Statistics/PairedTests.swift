import DenseKernels
import Foundation

/// Permutation tests. Randomness comes from counter-based streams keyed by the seed, so a p-value is
/// reproducible bit for bit.
public enum PermutationTest {
    public enum Alternative: String, Sendable { case twoSided = "two-sided", greater, less }

    /// Sign-flip test of H0: the paired differences d are symmetric about 0, with the mean as statistic.
    /// Exact (all 2ⁿ sign patterns) when 2ⁿ ≤ `permutations`, otherwise `permutations` random patterns with
    /// p = (b + 1)/(m + 1), which is a valid (slightly conservative) p-value (Phipson & Smyth 2010).
    /// Two-sided: |mean| as extreme or more; greater: mean as large or larger; less: as small or smaller.
    public static func signFlip(_ d: [Double], alternative: Alternative, permutations: Int, seed: UInt64)
        -> (pValue: Double, exact: Bool) {
        let n = d.count
        precondition(n >= 1, "at least one difference")
        let observed = d.reduce(0, +)
        // A relative tolerance so that patterns equal to the observed sum up to rounding count as "as extreme".
        let tolerance = 1e-12 * d.reduce(0) { $0 + abs($1) }
        func extreme(_ s: Double) -> Bool {
            switch alternative {
            case .twoSided: return abs(s) >= abs(observed) - tolerance
            case .greater: return s >= observed - tolerance
            case .less: return s <= observed + tolerance
            }
        }
        if n < 31 && (1 << n) <= permutations {
            var count = 0
            for pattern in 0..<(1 << n) {
                var s = 0.0
                for k in 0..<n { s += (pattern >> k) & 1 == 1 ? -d[k] : d[k] }
                if extreme(s) { count += 1 }
            }
            return (Double(count) / Double(1 << n), true)
        }
        let stream = RandomStream(seed: seed, stream: 0x5349_474E)   // "SIGN"
        var count = 0
        for m in 0..<permutations {
            var s = 0.0
            for k in 0..<n {
                let bit = stream.bits(UInt64(m) &* UInt64(n) &+ UInt64(k)) & 1
                s += bit == 1 ? -d[k] : d[k]
            }
            if extreme(s) { count += 1 }
        }
        return (Double(count + 1) / Double(permutations + 1), false)
    }
}

/// Bootstrap confidence intervals.
public enum Bootstrap {
    /// The bias-corrected and accelerated (BCa; Efron 1987) interval of the mean of `x` at `level`, from
    /// `resamples` resamples with replacement drawn from the stream of `seed`. The bias correction z₀ is
    /// Φ⁻¹ of the share of resampled means below the observed mean; the acceleration a is the jackknife
    /// skewness Σ(m̄ − mᵢ)³ / (6 (Σ(m̄ − mᵢ)²)^{3/2}). Falls back to the percentile interval when a resample
    /// share is 0 or 1 (all resampled means on one side).
    public static func meanInterval(_ x: [Double], level: Double, resamples: Int, seed: UInt64) -> (lower: Double, upper: Double) {
        let n = x.count
        precondition(n >= 2 && resamples >= 10 && level > 0 && level < 1, "need ≥ 2 values, ≥ 10 resamples, level in (0, 1)")
        let mean = x.reduce(0, +) / Double(n)
        let stream = RandomStream(seed: seed, stream: 0x424F_4F54)   // "BOOT"
        var means = [Double](repeating: 0, count: resamples)
        for r in 0..<resamples {
            var s = 0.0
            for k in 0..<n {
                let u = Double(stream.bits(UInt64(r) &* UInt64(n) &+ UInt64(k))) / 4_294_967_296.0
                s += x[min(Int(u * Double(n)), n - 1)]
            }
            means[r] = s / Double(n)
        }
        means.sort()
        func percentile(_ q: Double) -> Double {
            let position = q * Double(resamples - 1)
            let i = Int(position.rounded(.down)), f = position - Double(i)
            return i + 1 < resamples ? means[i] * (1 - f) + means[i + 1] * f : means[resamples - 1]
        }
        let alpha = (1 - level) / 2
        let below = Double(means.filter { $0 < mean }.count) / Double(resamples)
        guard below > 0 && below < 1 else { return (percentile(alpha), percentile(1 - alpha)) }
        let z0 = NormalDistribution.quantile(below)
        let jack = (0..<n).map { i in (x.reduce(0, +) - x[i]) / Double(n - 1) }
        let jm = jack.reduce(0, +) / Double(n)
        let num = jack.reduce(0) { $0 + pow(jm - $1, 3) }
        let den = 6 * pow(jack.reduce(0) { $0 + pow(jm - $1, 2) }, 1.5)
        let a = den > 0 ? num / den : 0
        func adjusted(_ q: Double) -> Double {
            let z = NormalDistribution.quantile(q)
            return NormalDistribution.cdf(z0 + (z0 + z) / (1 - a * (z0 + z)))
        }
        return (percentile(adjusted(alpha)), percentile(adjusted(1 - alpha)))
    }
}

/// Equivalence testing.
public enum EquivalenceTest {
    /// Two one-sided t tests (Schuirmann 1987) on paired differences d: H0₁: μ ≤ −margin against μ > −margin,
    /// H0₂: μ ≥ margin against μ < margin, with t statistics (d̄ ± margin)/(s/√n) on n − 1 degrees of freedom.
    /// p = max(p₁, p₂); equivalence is shown at level α when p < α, which is the same as the (1 − 2α) t
    /// interval lying inside (−margin, margin).
    public static func pairedTOST(_ d: [Double], margin: Double, alpha: Double) -> (pValue: Double, interval: (lower: Double, upper: Double)) {
        let n = Double(d.count)
        precondition(d.count >= 2 && margin > 0, "need ≥ 2 differences and a positive margin")
        let mean = d.reduce(0, +) / n
        let sd = (d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let se = sd / n.squareRoot()
        let nu = n - 1
        guard se > 0 else {
            let inside = abs(mean) < margin
            return (inside ? 0 : 1, (mean, mean))
        }
        let p1 = 1 - StudentT.cdf((mean + margin) / se, degreesOfFreedom: nu)
        let p2 = StudentT.cdf((mean - margin) / se, degreesOfFreedom: nu)
        let t = StudentT.quantile(1 - alpha, degreesOfFreedom: nu)
        return (max(p1, p2), (mean - t * se, mean + t * se))
    }
}
