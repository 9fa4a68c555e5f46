import DenseKernels
import Foundation

/// The maximum mean discrepancy between two samples (rows of x and y) with the Gaussian kernel
/// k(a, b) = exp(−‖a − b‖²/(2h²)) (Gretton et al. 2012): the unbiased estimate
///
///     MMD² = Σ_{i≠j} k(xᵢ, xⱼ)/(m(m−1)) + Σ_{i≠j} k(yᵢ, yⱼ)/(n(n−1)) − 2 Σ k(xᵢ, yⱼ)/(mn),
///
/// with h the median pairwise distance of the pooled sample (the median heuristic, from at most 1000 pooled
/// points), and a permutation test of H0: same distribution: the pooled kernel matrix is computed once and
/// the statistic recomputed under random relabelings (`RandomStream.permutation` of the streams of `seed`);
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
        // The kernel's diagonal is left at 0, so Σ_{b≠a} is a plain row sum. With a 0/1 mask of the x-labels,
        // each row's x-part is one dot product and its y-part the row sum minus it.
        var rowSums = [Double](repeating: 0, count: total)
        for a in 0..<total { rowSums[a] = kernel[(a * total)..<((a + 1) * total)].reduce(0) { $0 + Double($1) } }
        func statistic(_ mask: [Float]) -> Double {
            var xx = 0.0, yy = 0.0, xy = 0.0
            kernel.withUnsafeBufferPointer { k in
                mask.withUnsafeBufferPointer { l in
                    for a in 0..<total {
                        let row = k.baseAddress! + a * total
                        var acc = SIMD8<Float>()
                        var b = 0
                        while b + 8 <= total {
                            acc.addProduct(UnsafeRawPointer(row + b).loadUnaligned(as: SIMD8<Float>.self),
                                           UnsafeRawPointer(l.baseAddress! + b).loadUnaligned(as: SIMD8<Float>.self))
                            b += 8
                        }
                        var sx = Double(acc.sum())
                        while b < total { sx += Double(row[b] * l[b]); b += 1 }
                        let sy = rowSums[a] - sx
                        if l[a] == 1 { xx += sx; xy += sy } else { yy += sy }
                    }
                }
            }
            return xx / Double(m * (m - 1)) + yy / Double(n * (n - 1)) - 2 * xy / Double(m * n)
        }
        let labels = (0..<total).map { Float($0 < m ? 1 : 0) }
        let observed = statistic(labels)
        var exceed = 0
        for p in 0..<permutations {
            let order = RandomStream(seed: seed, stream: 0x4D4D_4400 &+ UInt64(p)).permutation(total)
            if statistic(order.map { labels[$0] }) >= observed { exceed += 1 }
        }
        return (observed, h, Double(exceed + 1) / Double(permutations + 1))
    }
}
