import DenseKernels

/// Nearest training image of each point by Euclidean distance (brute force).
enum NearestImage {
    /// For each point, the row of `data` (M × N states) nearest to it and the distance, in the space named by
    /// `comparison`. Candidates are ranked with Float sums of squares (16 lanes); the winner's distance is
    /// recomputed in Double. Ties go to the lower row. O(K·M·N).
    static func search(_ points: [[Double]], data: Matrix, comparison: ImageComparison, activation: Activation,
                       threads: Int) -> [(index: Int, distance: Double)] {
        let n = data.cols, m = data.rows
        let mapped: (Float) -> Float = comparison == .rates ? { Float(activation.value(Double($0))) } : { $0 }
        let rows = comparison == .rates ? data.storage.map(mapped) : data.storage
        return ParallelStarts.map(count: points.count, threads: threads) { k in
            let p = points[k].map { comparison == .rates ? Float(activation.value($0)) : Float($0) }
            var best = 0, bestSquare = Float.infinity
            rows.withUnsafeBufferPointer { d in
                p.withUnsafeBufferPointer { q in
                    for r in 0..<m {
                        let s = squaredDistance(d.baseAddress! + r * n, q.baseAddress!, n)
                        if s < bestSquare { bestSquare = s; best = r }
                    }
                }
            }
            var exact = 0.0
            for j in 0..<n {
                let a = comparison == .rates ? activation.value(points[k][j]) : points[k][j]
                let b = Double(rows[best * n + j])
                exact += (a - b) * (a - b)
            }
            return (best, exact.squareRoot())
        }
    }

    @inline(__always)
    static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD16<Float>()
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i &+ 16 <= n {
            let d = ra.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
                - rb.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
            acc = acc + d * d
            i &+= 16
        }
        var s = acc.sum()
        while i < n { let d = a[i] - b[i]; s += d * d; i &+= 1 }
        return s
    }
}
