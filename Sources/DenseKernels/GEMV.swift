/// Matrix–vector product `y = alpha · op(A) · x + beta · y` on a row-major `Float` matrix.
///
/// * `op(A) = A` (`m × n`, `y` has `m` entries): each `y[i]` is a dot product of row `i` with `x`,
///   accumulated in one `SIMD16<Float>` fused multiply-add accumulator per row over blocks of 16 columns,
///   four rows at a time (four independent chains sharing each load of `x`; 8 ymm or 4 zmm registers),
///   then reduced by a fixed halving tree, plus the leftover columns in order.
/// * `op(A) = Aᵀ` (`y` has `n` entries): `y[j] = Σᵢ A[i, j]·x[i]` accumulated over `i` in order into
///   a per-column running sum, streaming rows of `A` four at a time with unit-stride `SIMD16` loads.
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
                columnSums(cols, m: m, alpha: alpha, a: a, lda: lda, x: x, beta: beta, y: y,
                           acc: context.privateScratch(cols.count + 16))
            }
        }
        if let parallel { parallel.run(body) } else { ParallelWorkers.serial.run(body) }
    }

    /// `y[i] = alpha·(row i · x) + beta·y[i]` for `i` in `rows`.
    static func rowDots(_ rows: Range<Int>, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                        x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>) {
        typealias V = SIMD16<Float>
        let blocks = n / 16
        var i = rows.lowerBound
        while i < rows.upperBound {
            let group = min(4, rows.upperBound - i)
            // Four rows share each load of x; rows past the group's end alias the first row and are ignored.
            let r0 = UnsafeRawPointer(a + i * lda)
            let r1 = group > 1 ? UnsafeRawPointer(a + (i + 1) * lda) : r0
            let r2 = group > 2 ? UnsafeRawPointer(a + (i + 2) * lda) : r0
            let r3 = group > 3 ? UnsafeRawPointer(a + (i + 3) * lda) : r0
            let xr = UnsafeRawPointer(x)
            var s0 = V(), s1 = V(), s2 = V(), s3 = V()
            var b = 0
            while b < blocks {
                let o = b &* 64
                let xv = xr.loadUnaligned(fromByteOffset: o, as: V.self)
                s0 = s0.addingProduct(r0.loadUnaligned(fromByteOffset: o, as: V.self), xv)
                s1 = s1.addingProduct(r1.loadUnaligned(fromByteOffset: o, as: V.self), xv)
                s2 = s2.addingProduct(r2.loadUnaligned(fromByteOffset: o, as: V.self), xv)
                s3 = s3.addingProduct(r3.loadUnaligned(fromByteOffset: o, as: V.self), xv)
                b &+= 1
            }
            finish(s0, r0, n: n, blocks: blocks, x: x, alpha: alpha, beta: beta, y: y + i)
            if group > 1 { finish(s1, r1, n: n, blocks: blocks, x: x, alpha: alpha, beta: beta, y: y + i + 1) }
            if group > 2 { finish(s2, r2, n: n, blocks: blocks, x: x, alpha: alpha, beta: beta, y: y + i + 2) }
            if group > 3 { finish(s3, r3, n: n, blocks: blocks, x: x, alpha: alpha, beta: beta, y: y + i + 3) }
            i += group
        }
    }

    /// Reduces one row's accumulators, adds the leftover columns in order and writes `y`.
    @inline(__always)
    static func finish(_ v: SIMD16<Float>, _ row: UnsafeRawPointer, n: Int, blocks: Int,
                       x: UnsafePointer<Float>, alpha: Float, beta: Float, y: UnsafeMutablePointer<Float>) {
        let rowp = row.assumingMemoryBound(to: Float.self)
        var tail: Float = 0
        var j = blocks * 16
        while j < n { tail = tail.addingProduct(rowp[j], x[j]); j &+= 1 }
        let total = reduce(v) + tail
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
    ///
    /// Row-streaming form: a running sum per column lives in `acc` (L1-resident for the column counts of
    /// interest) and rows are folded in four at a time with unit-stride loads. Each column's sum is still
    /// `fma`-accumulated in increasing `i` starting from 0, whatever the grouping.
    static func columnSums(_ cols: Range<Int>, m: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                           x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>,
                           acc: UnsafeMutablePointer<Float>) {
        typealias V = SIMD16<Float>
        let j0 = cols.lowerBound, width = cols.count
        guard width > 0 else { return }
        let vectorEnd = width - width % 16
        acc.initialize(repeating: 0, count: width)
        let accRaw = UnsafeMutableRawPointer(acc)
        var i = 0
        while i < m {
            let rowsHere = min(4, m - i)
            let r0 = UnsafeRawPointer(a + i * lda + j0)
            if rowsHere == 4 {
                let r1 = r0 + lda * 4, r2 = r1 + lda * 4, r3 = r2 + lda * 4
                let x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3]
                var o = 0
                while o < vectorEnd * 4 {
                    var v = accRaw.load(fromByteOffset: o, as: V.self)
                    v = v.addingProduct(r0.loadUnaligned(fromByteOffset: o, as: V.self), x0)
                    v = v.addingProduct(r1.loadUnaligned(fromByteOffset: o, as: V.self), x1)
                    v = v.addingProduct(r2.loadUnaligned(fromByteOffset: o, as: V.self), x2)
                    v = v.addingProduct(r3.loadUnaligned(fromByteOffset: o, as: V.self), x3)
                    accRaw.storeBytes(of: v, toByteOffset: o, as: V.self)
                    o &+= 64
                }
                for q in 0..<4 {
                    let rq = (r0 + q * lda * 4).assumingMemoryBound(to: Float.self)
                    let xq = x[i + q]
                    for j in vectorEnd..<width { acc[j] = acc[j].addingProduct(rq[j], xq) }
                }
            } else {
                for q in 0..<rowsHere {
                    let rq = (r0 + q * lda * 4).assumingMemoryBound(to: Float.self)
                    let xq = x[i + q]
                    for j in 0..<width { acc[j] = acc[j].addingProduct(rq[j], xq) }
                }
            }
            i += rowsHere
        }
        for j in 0..<width {
            y[j0 + j] = GEMM.writeBack(acc[j], alpha: alpha, beta: beta, old: beta == 0 ? 0 : y[j0 + j])
        }
    }
}

extension ParallelWorkers {
    /// A one-part pool (no threads) for work too small to split.
    static let serial = ParallelWorkers(threadCount: 1)
}
