/// The register-blocked GEMM micro-kernel, written once and specialised for `SIMD8<Float>` (AVX2, NEON)
/// and `SIMD16<Float>` (AVX-512).
///
/// The tile is `6 × 2W` where `W = V.scalarCount`: six rows of A against two vectors of B, i.e. 12 vector
/// accumulators held in registers (6×16 with `SIMD8`, 12 ymm of AVX2's 16; 6×32 with `SIMD16`, 12 zmm of
/// AVX-512's 32). Per step `p` of the `k` loop it loads two B vectors, broadcasts six A values and issues
/// 12 fused multiply-adds; LLVM emits `vbroadcastss` + `vfmadd231ps` with all accumulators in registers.
///
/// Build flag that matters: a target CPU with FMA (`-target-cpu native`). Without it every lane of
/// `addingProduct` is a call to `fmaf` and the kernel runs about 100× slower.
///
/// Determinism: every element of C is `fma`-accumulated in increasing `p` and then written back with
/// `writeBack(_:alpha:beta:old:)`, whatever the tile width; so the SIMD8 and SIMD16 kernels, and
/// every thread split, give bit-identical results.
extension GEMM {
    /// Rows of the register tile (and of a packed A sliver).
    @usableFromInline static let mr = 6
    /// Columns of a packed B sliver. A tile covers `2W / 16` slivers: one with SIMD8, two with SIMD16.
    @usableFromInline static let sliverWidth = 16

    /// `C[0..<rows, 0..<cols] = alpha · Ã·B̃ + beta · C` for one tile, where `Ã` is a packed 6-row sliver
    /// (`a[6p + r]`) and `B̃` is one or two packed 16-column slivers (`b[16p + c]`, the second sliver
    /// `16·kc` floats further on). With `beta == 0` the old C is not read.
    @inlinable @inline(__always)
    static func microTile<V: SIMD>(_: V.Type, kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                                   c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, cols: Int,
                                   alpha: Float, beta: Float) where V.Scalar == Float {
        let w = V.scalarCount
        // Start of tile vector 1 inside the packed slivers (same sliver for W = 8, next sliver for W = 16).
        let secondOffset = (w / sliverWidth) * sliverWidth * kc + w % sliverWidth
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        var ap = a
        var bp = UnsafeRawPointer(b)
        let step = sliverWidth * MemoryLayout<Float>.stride
        let second = secondOffset * MemoryLayout<Float>.stride
        var p = 0
        while p < kc {
            let b0 = bp.loadUnaligned(as: V.self)
            let b1 = bp.loadUnaligned(fromByteOffset: second, as: V.self)
            var av = V(repeating: ap[0])
            c00 = c00.addingProduct(av, b0); c01 = c01.addingProduct(av, b1)
            av = V(repeating: ap[1])
            c10 = c10.addingProduct(av, b0); c11 = c11.addingProduct(av, b1)
            av = V(repeating: ap[2])
            c20 = c20.addingProduct(av, b0); c21 = c21.addingProduct(av, b1)
            av = V(repeating: ap[3])
            c30 = c30.addingProduct(av, b0); c31 = c31.addingProduct(av, b1)
            av = V(repeating: ap[4])
            c40 = c40.addingProduct(av, b0); c41 = c41.addingProduct(av, b1)
            av = V(repeating: ap[5])
            c50 = c50.addingProduct(av, b0); c51 = c51.addingProduct(av, b1)
            ap += mr
            bp += step
            p &+= 1
        }
        if rows == mr && cols == 2 * w {
            storeRow(c00, c01, c, alpha: alpha, beta: beta)
            storeRow(c10, c11, c + ldc, alpha: alpha, beta: beta)
            storeRow(c20, c21, c + 2 * ldc, alpha: alpha, beta: beta)
            storeRow(c30, c31, c + 3 * ldc, alpha: alpha, beta: beta)
            storeRow(c40, c41, c + 4 * ldc, alpha: alpha, beta: beta)
            storeRow(c50, c51, c + 5 * ldc, alpha: alpha, beta: beta)
        } else {
            // Edge tile: spill the accumulators and write back only the valid part, element by element.
            withUnsafeTemporaryAllocation(of: V.self, capacity: 12) { t in
                t[0] = c00; t[1] = c01; t[2] = c10; t[3] = c11; t[4] = c20; t[5] = c21
                t[6] = c30; t[7] = c31; t[8] = c40; t[9] = c41; t[10] = c50; t[11] = c51
                let acc = UnsafeRawPointer(t.baseAddress!).assumingMemoryBound(to: Float.self)
                for r in 0..<rows {
                    let row = c + r * ldc
                    for j in 0..<cols {
                        row[j] = writeBack(acc[r * 2 * w + j], alpha: alpha, beta: beta, old: beta == 0 ? 0 : row[j])
                    }
                }
            }
        }
    }

    @inlinable @inline(__always)
    static func storeRow<V: SIMD>(_ v0: V, _ v1: V, _ c: UnsafeMutablePointer<Float>, alpha: Float, beta: Float)
    where V.Scalar == Float {
        let raw = UnsafeMutableRawPointer(c)
        let bytes = V.scalarCount * MemoryLayout<Float>.stride
        if beta == 0 {
            raw.storeBytes(of: v0 * alpha, as: V.self)
            raw.storeBytes(of: v1 * alpha, toByteOffset: bytes, as: V.self)
        } else {
            let old0 = UnsafeRawPointer(raw).loadUnaligned(as: V.self)
            let old1 = UnsafeRawPointer(raw).loadUnaligned(fromByteOffset: bytes, as: V.self)
            raw.storeBytes(of: (v0 * alpha).addingProduct(beta, old0), as: V.self)
            raw.storeBytes(of: (v1 * alpha).addingProduct(beta, old1), toByteOffset: bytes, as: V.self)
        }
    }

    /// The write-back rule for one element: `alpha·acc` if `beta == 0` (old C ignored, so NaN garbage in an
    /// output buffer is overwritten as in BLAS), else `fma(beta, old, alpha·acc)`.
    @inlinable @inline(__always)
    static func writeBack(_ acc: Float, alpha: Float, beta: Float, old: Float) -> Float {
        beta == 0 ? acc * alpha : (acc * alpha).addingProduct(beta, old)
    }

    /// `C[0..<rows, 0] = alpha · Ã·b + beta · C` for a packed block of 6-row slivers `Ã` (`a[6p + r]` per
    /// sliver, `6·kc` floats apart) and one packed B column (`b[16p]`): the `n == 1` case of the tile.
    ///
    /// Each element is `fma`-accumulated in increasing `p` and written back with
    /// `writeBack(_:alpha:beta:old:)`, exactly as in `microTile`, so the result is bit-identical to the
    /// tile's; four slivers run side by side (eight independent fused multiply-add chains of SIMD4 + SIMD2
    /// lanes) to hide the latency.
    @inlinable
    static func microColumn(kc: Int, a: UnsafePointer<Float>, rows: Int, b: UnsafePointer<Float>,
                            c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float) {
        let slivers = (rows + mr - 1) / mr
        let sliverFloats = mr * kc
        var s = 0
        while s < slivers {
            let group = min(4, slivers - s)
            let a0 = UnsafeRawPointer(a + s * sliverFloats)
            let a1 = UnsafeRawPointer(a + min(s + 1, slivers - 1) * sliverFloats)
            let a2 = UnsafeRawPointer(a + min(s + 2, slivers - 1) * sliverFloats)
            let a3 = UnsafeRawPointer(a + min(s + 3, slivers - 1) * sliverFloats)
            var h0 = SIMD4<Float>(), h1 = SIMD4<Float>(), h2 = SIMD4<Float>(), h3 = SIMD4<Float>()
            var t0 = SIMD2<Float>(), t1 = SIMD2<Float>(), t2 = SIMD2<Float>(), t3 = SIMD2<Float>()
            var p = 0
            while p < kc {
                let bv = b[p &* sliverWidth]
                let o = p &* (mr &* MemoryLayout<Float>.stride)
                let o2 = o &+ 4 &* MemoryLayout<Float>.stride
                h0 = h0.addingProduct(a0.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self), bv)
                t0 = t0.addingProduct(a0.loadUnaligned(fromByteOffset: o2, as: SIMD2<Float>.self), bv)
                h1 = h1.addingProduct(a1.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self), bv)
                t1 = t1.addingProduct(a1.loadUnaligned(fromByteOffset: o2, as: SIMD2<Float>.self), bv)
                h2 = h2.addingProduct(a2.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self), bv)
                t2 = t2.addingProduct(a2.loadUnaligned(fromByteOffset: o2, as: SIMD2<Float>.self), bv)
                h3 = h3.addingProduct(a3.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self), bv)
                t3 = t3.addingProduct(a3.loadUnaligned(fromByteOffset: o2, as: SIMD2<Float>.self), bv)
                p &+= 1
            }
            storeColumn(h0, t0, sliver: s, rows: rows, c: c, ldc: ldc, alpha: alpha, beta: beta)
            if group > 1 { storeColumn(h1, t1, sliver: s + 1, rows: rows, c: c, ldc: ldc, alpha: alpha, beta: beta) }
            if group > 2 { storeColumn(h2, t2, sliver: s + 2, rows: rows, c: c, ldc: ldc, alpha: alpha, beta: beta) }
            if group > 3 { storeColumn(h3, t3, sliver: s + 3, rows: rows, c: c, ldc: ldc, alpha: alpha, beta: beta) }
            s += group
        }
    }

    /// Writes the valid rows of one sliver's column accumulators (rows 0–3 in `head`, 4–5 in `tail`).
    @inlinable @inline(__always)
    static func storeColumn(_ head: SIMD4<Float>, _ tail: SIMD2<Float>, sliver: Int, rows: Int,
                            c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float) {
        let r0 = sliver * mr
        for r in 0..<min(mr, rows - r0) {
            let acc = r < 4 ? head[r] : tail[r - 4]
            let out = c + (r0 + r) * ldc
            out.pointee = writeBack(acc, alpha: alpha, beta: beta, old: beta == 0 ? 0 : out.pointee)
        }
    }

    /// The right-edge tile when at most `W` columns are valid: six rows against *one* B vector, i.e. six
    /// fused multiply-adds per step instead of the full tile's twelve (an N × 100 product's last four
    /// columns cost half a tile). The per-element operation order is the tile's (`fma` in increasing `p`,
    /// then `writeBack`), so results are bit-identical to computing the edge with the full tile.
    @inlinable
    static func microTileSingle<V: SIMD>(_: V.Type, kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                                         c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, cols: Int,
                                         alpha: Float, beta: Float) where V.Scalar == Float {
        var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
        var ap = a
        var bp = UnsafeRawPointer(b)
        let step = sliverWidth * MemoryLayout<Float>.stride
        var p = 0
        while p < kc {
            let b0 = bp.loadUnaligned(as: V.self)
            c0 = c0.addingProduct(V(repeating: ap[0]), b0)
            c1 = c1.addingProduct(V(repeating: ap[1]), b0)
            c2 = c2.addingProduct(V(repeating: ap[2]), b0)
            c3 = c3.addingProduct(V(repeating: ap[3]), b0)
            c4 = c4.addingProduct(V(repeating: ap[4]), b0)
            c5 = c5.addingProduct(V(repeating: ap[5]), b0)
            ap += mr
            bp += step
            p &+= 1
        }
        withUnsafeTemporaryAllocation(of: V.self, capacity: 6) { t in
            t[0] = c0; t[1] = c1; t[2] = c2; t[3] = c3; t[4] = c4; t[5] = c5
            let acc = UnsafeRawPointer(t.baseAddress!).assumingMemoryBound(to: Float.self)
            let w = V.scalarCount
            for r in 0..<rows {
                let row = c + r * ldc
                for j in 0..<cols {
                    row[j] = writeBack(acc[r * w + j], alpha: alpha, beta: beta, old: beta == 0 ? 0 : row[j])
                }
            }
        }
    }
}
