import DenseKernels
import Foundation

/// The maximum mean discrepancy between two samples (rows of x and y) with the Gaussian kernel
/// k(a, b) = exp(−‖a − b‖²/(2h²)) (Gretton et al. 2012): the unbiased estimate
///
///     MMD² = Σ_{i≠j} k(xᵢ, xⱼ)/(m(m−1)) + Σ_{i≠j} k(yᵢ, yⱼ)/(n(n−1)) − 2 Σ k(xᵢ, yⱼ)/(mn),
///
/// with h the median pairwise distance of the pooled sample (the median heuristic, from at most 1000 pooled
/// points), and a permutation test of H0: same distribution: the pooled kernel matrix is computed once and
/// the statistic recomputed under random relabelings (Fisher–Yates from the streams of `seed`);
/// p = (b + 1)/(P + 1).
public enum MaximumMeanDiscrepancy {
    public static func test(x: Matrix, y: Matrix, permutations: Int = 200, seed: UInt64 = 1) -> (mmd2: Double, bandwidth: Double, pValue: Double) {
        precondition(x.cols == y.cols && x.rows >= 2 && y.rows >= 2, "two samples of ≥ 2 rows and equal width")
        let m = x.rows, n = y.rows, total = m + n, d = x.cols
        let pooled = x.storage + y.storage
        func distance2(_ i: Int, _ j: Int) -> Float {
            var s: Float = 0
            for k in 0..<d { let e = pooled[i * d + k] - pooled[j * d + k]; s += e * e }
            return s
        }
        // Median heuristic on an evenly spaced subset of the pooled points.
        let spacing = max(1, total / 1000)
        var distances: [Float] = []
        var i = 0
        while i < total { var j = i + spacing; while j < total { distances.append(distance2(i, j).squareRoot()); j += spacing }; i += spacing }
        distances.sort()
        let h = Double(distances.isEmpty ? 1 : max(distances[distances.count / 2], 1e-12))
        let gamma = Float(-1 / (2 * h * h))
        var kernel = [Float](repeating: 0, count: total * total)
        for a in 0..<total { for b in (a + 1)..<max(a + 1, total) { let v = Foundation.exp(gamma * distance2(a, b)); kernel[a * total + b] = v; kernel[b * total + a] = v } }
        func statistic(_ label: [Bool]) -> Double {
            var xx = 0.0, yy = 0.0, xy = 0.0
            for a in 0..<total {
                var sx: Float = 0, sy: Float = 0
                let row = a * total
                for b in 0..<total where b != a { if label[b] { sx += kernel[row + b] } else { sy += kernel[row + b] } }
                if label[a] { xx += Double(sx); xy += Double(sy) } else { yy += Double(sy) }
            }
            return xx / Double(m * (m - 1)) + yy / Double(n * (n - 1)) - 2 * xy / Double(m * n)
        }
        var labels = [Bool](repeating: false, count: total)
        for k in 0..<m { labels[k] = true }
        let observed = statistic(labels)
        var exceed = 0
        for p in 0..<permutations {
            let s = RandomStream(seed: seed, stream: 0x4D4D_4400 &+ UInt64(p))
            var perm = labels
            for k in stride(from: total - 1, to: 0, by: -1) {
                let j = min(Int(s.uniform(UInt64(k)) * Float(k + 1)), k)
                perm.swapAt(k, j)
            }
            if statistic(perm) >= observed { exceed += 1 }
        }
        return (observed, h, Double(exceed + 1) / Double(permutations + 1))
    }
}
