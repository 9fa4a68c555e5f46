/// Matrix–vector product `y = alpha · op(A) · x + beta · y` on a row-major `Float` matrix.
///
/// * `op(A) = A` (`m × n`, `y` has `m` entries): each `y[i]` is a dot product of row `i` with `x`,
///   accumulated in two `SIMD16<Float>` fused multiply-add accumulators over blocks of 32 columns, four
///   rows at a time (eight independent accumulator chains), then reduced by a fixed halving tree, plus the
///   leftover columns in order.
/// * `op(A) = Aᵀ` (`y` has `n` entries): `y[j] = Σᵢ A[i, j]·x[i]` accumulated over `i` in order, 64
///   columns at a time in four `SIMD16` accumulators (one pass over the rows per column block).
///
/// Both orders are fixed functions of the shape, so results do not depend on the thread count or the
/// CPU's vector width. `beta == 0` ignores the old `y`. Rows (or column blocks) are split over
/// `workers`. Accuracy: `|ŷ − y| ≤ (n + 2)·u·(|alpha|·Σ|a||x| + |beta||y|)`, `u = 2^-24`.
///
/// - Complexity: `2·m·n` flops, one pass over `A`; memory-bound for matrices larger than the caches.
public enum GEMV {
    public static func multiply(_ trans: Transposition, m: Int, n: Int, alpha: Float = 1,
                                a: UnsafePointer<Float>, lda: Int, x: UnsafePointer<Float>,
                                beta: Float = 0, y: UnsafeMutablePointer<Float>,
                                workers: ParallelWorkers = .shared) {
        precondition(m >= 0 && n >= 0 && lda >= max(1, n), "GEMV: bad shape or lda")
        let outputs = trans == .none ? m : n
        guard outputs > 0 else { return }
        // Small products are not worth waking the pool.
        let parallel = m * n >= 65_536 ? workers : nil
        let body: (WorkerContext) -> Void = { context in
            if trans == .none {
                let rows = context.chunk(of: m, granularity: 4)
                rowDots(rows, n: n, alpha: alpha, a: a, lda: lda, x: x, beta: beta, y: y)
            } else {
                let cols = context.chunk(of: n, granularity: 64)
                columnSums(cols, m: m, alpha: alpha, a: a, lda: lda, x: x, beta: beta, y: y)
            }
        }
        if let parallel { parallel.run(body) } else { ParallelWorkers.serial.run(body) }
    }

    /// `y[i] = alpha·(row i · x) + beta·y[i]` for `i` in `rows`.
    static func rowDots(_ rows: Range<Int>, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                        x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>) {
        typealias V = SIMD16<Float>
        let blocks = n / 32
        var i = rows.lowerBound
        while i < rows.upperBound {
            let group = min(4, rows.upperBound - i)
            // Four rows share each load of x; rows past the group's end alias the first row and are ignored.
            let r0 = UnsafeRawPointer(a + i * lda)
            let r1 = group > 1 ? UnsafeRawPointer(a + (i + 1) * lda) : r0
            let r2 = group > 2 ? UnsafeRawPointer(a + (i + 2) * lda) : r0
            let r3 = group > 3 ? UnsafeRawPointer(a + (i + 3) * lda) : r0
            let xr = UnsafeRawPointer(x)
            var s00 = V(), s01 = V(), s10 = V(), s11 = V(), s20 = V(), s21 = V(), s30 = V(), s31 = V()
            var b = 0
            while b < blocks {
                let o = b &* 128
                let x0 = xr.loadUnaligned(fromByteOffset: o, as: V.self)
                let x1 = xr.loadUnaligned(fromByteOffset: o &+ 64, as: V.self)
                s00 = s00.addingProduct(r0.loadUnaligned(fromByteOffset: o, as: V.self), x0)
                s01 = s01.addingProduct(r0.loadUnaligned(fromByteOffset: o &+ 64, as: V.self), x1)
                s10 = s10.addingProduct(r1.loadUnaligned(fromByteOffset: o, as: V.self), x0)
                s11 = s11.addingProduct(r1.loadUnaligned(fromByteOffset: o &+ 64, as: V.self), x1)
                s20 = s20.addingProduct(r2.loadUnaligned(fromByteOffset: o, as: V.self), x0)
                s21 = s21.addingProduct(r2.loadUnaligned(fromByteOffset: o &+ 64, as: V.self), x1)
                s30 = s30.addingProduct(r3.loadUnaligned(fromByteOffset: o, as: V.self), x0)
                s31 = s31.addingProduct(r3.loadUnaligned(fromByteOffset: o &+ 64, as: V.self), x1)
                b &+= 1
            }
            finish(s00, s01, r0, n: n, blocks: blocks, x: x, alpha: alpha, beta: beta, y: y + i)
            if group > 1 { finish(s10, s11, r1, n: n, blocks: blocks, x: x, alpha: alpha, beta: beta, y: y + i + 1) }
            if group > 2 { finish(s20, s21, r2, n: n, blocks: blocks, x: x, alpha: alpha, beta: beta, y: y + i + 2) }
            if group > 3 { finish(s30, s31, r3, n: n, blocks: blocks, x: x, alpha: alpha, beta: beta, y: y + i + 3) }
            i += group
        }
    }

    /// Reduces one row's accumulators, adds the leftover columns in order and writes `y`.
    @inline(__always)
    static func finish(_ v0: SIMD16<Float>, _ v1: SIMD16<Float>, _ row: UnsafeRawPointer, n: Int, blocks: Int,
                       x: UnsafePointer<Float>, alpha: Float, beta: Float, y: UnsafeMutablePointer<Float>) {
        let rowp = row.assumingMemoryBound(to: Float.self)
        var tail: Float = 0
        var j = blocks * 32
        while j < n { tail = tail.addingProduct(rowp[j], x[j]); j &+= 1 }
        let total = reduce(v0 + v1) + tail
        y.pointee = GEMM.writeBack(total, alpha: alpha, beta: beta, old: beta == 0 ? 0 : y.pointee)
    }

    /// Fixed halving-tree sum of 16 lanes.
    @inlinable @inline(__always)
    static func reduce(_ v: SIMD16<Float>) -> Float {
        let h8 = v.lowHalf + v.highHalf
        let h4 = h8.lowHalf + h8.highHalf
        let h2 = h4.lowHalf + h4.highHalf
        return h2.x + h2.y
    }

    /// `y[j] = alpha·Σᵢ a[i, j]·x[i] + beta·y[j]` for `j` in `cols`.
    static func columnSums(_ cols: Range<Int>, m: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                           x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>) {
        typealias V = SIMD16<Float>
        var j = cols.lowerBound
        while j + 64 <= cols.upperBound {
            var s0 = V(), s1 = V(), s2 = V(), s3 = V()
            var row = UnsafeRawPointer(a + j)
            let stride = lda * 4
            for i in 0..<m {
                let xi = x[i]
                s0 = s0.addingProduct(row.loadUnaligned(as: V.self), xi)
                s1 = s1.addingProduct(row.loadUnaligned(fromByteOffset: 64, as: V.self), xi)
                s2 = s2.addingProduct(row.loadUnaligned(fromByteOffset: 128, as: V.self), xi)
                s3 = s3.addingProduct(row.loadUnaligned(fromByteOffset: 192, as: V.self), xi)
                row += stride
            }
            store(s0, y + j, alpha: alpha, beta: beta)
            store(s1, y + j + 16, alpha: alpha, beta: beta)
            store(s2, y + j + 32, alpha: alpha, beta: beta)
            store(s3, y + j + 48, alpha: alpha, beta: beta)
            j += 64
        }
        // Leftover columns: the same per-column order (sequential over i with fused multiply-adds).
        while j < cols.upperBound {
            var s: Float = 0
            for i in 0..<m { s = s.addingProduct(a[i * lda + j], x[i]) }
            y[j] = GEMM.writeBack(s, alpha: alpha, beta: beta, old: beta == 0 ? 0 : y[j])
            j += 1
        }
    }
}

extension GEMV {
    @inline(__always)
    static func store(_ s: SIMD16<Float>, _ y: UnsafeMutablePointer<Float>, alpha: Float, beta: Float) {
        for l in 0..<16 { y[l] = GEMM.writeBack(s[l], alpha: alpha, beta: beta, old: beta == 0 ? 0 : y[l]) }
    }
}

extension ParallelWorkers {
    /// A one-part pool (no threads) for work too small to split.
    static let serial = ParallelWorkers(threadCount: 1)
}
