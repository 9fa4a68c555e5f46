/// Packing of GEMM operands into the micro-kernel's layout (BLIS style).
///
/// For each block of `kc` consecutive values of the inner index `p`:
/// * the left factor `op(A)` (`m × k`) becomes slivers of 6 rows: `sliver s` holds
///   `op(A)[6s + r, p0 + p]` at `6p + r` (`6·kc` floats, rows past `m` are zero);
/// * the right factor `op(B)` (`k × n`) becomes slivers of 16 columns: `sliver s` holds
///   `op(B)[p0 + p, 16s + c]` at `16p + c` (`16·kc` floats, columns past `n` are zero). The sliver count
///   is rounded up to an even number so that a 32-column SIMD16 tile always has two slivers to read.
///
/// The same routines pack operands on the fly and for ``PackedMatrix``, so the two paths feed the
/// micro-kernel identical bytes and give bit-identical products.
extension GEMM {
    /// A strided view of `op(X)`: element `(i, j)` is `base[i·ld + j]`, or `base[j·ld + i]` when transposed.
    @usableFromInline
    struct OperandView {
        let base: UnsafePointer<Float>
        let ld: Int
        let transposed: Bool
    }

    /// Packs rows `i0 ..< i0 + rows` and inner indices `p0 ..< p0 + kc` of `op(A)` into `ceil(rows/6)`
    /// slivers at `dest`.
    @usableFromInline
    static func packLeft(_ a: OperandView, rows i0: Int, count rows: Int, inner p0: Int, kc: Int,
                         into dest: UnsafeMutablePointer<Float>) {
        let slivers = (rows + mr - 1) / mr
        for s in 0..<slivers {
            let d = dest + s * mr * kc
            let r0 = s * mr
            let valid = min(mr, rows - r0)
            if a.transposed {
                // op(A)[i, p] = a[p·ld + i]: six contiguous values per p.
                for p in 0..<kc {
                    let src = a.base + (p0 + p) * a.ld + i0 + r0
                    let dp = d + p * mr
                    for r in 0..<valid { dp[r] = src[r] }
                    for r in valid..<mr { dp[r] = 0 }
                }
            } else if valid == mr {
                // Six row streams read in step, the sliver written sequentially.
                let r0p = a.base + (i0 + r0) * a.ld + p0
                let r1p = r0p + a.ld, r2p = r1p + a.ld, r3p = r2p + a.ld, r4p = r3p + a.ld, r5p = r4p + a.ld
                var p = 0
                while p < kc {
                    let dp = d + p &* mr
                    dp[0] = r0p[p]; dp[1] = r1p[p]; dp[2] = r2p[p]; dp[3] = r3p[p]; dp[4] = r4p[p]; dp[5] = r5p[p]
                    p &+= 1
                }
            } else {
                for r in 0..<mr {
                    if r < valid {
                        let src = a.base + (i0 + r0 + r) * a.ld + p0
                        for p in 0..<kc { d[p * mr + r] = src[p] }
                    } else {
                        for p in 0..<kc { d[p * mr + r] = 0 }
                    }
                }
            }
        }
    }

    /// Packs slivers `firstSliver ..< firstSliver + sliverCount` of columns starting at `j0`
    /// (sliver `s` covers columns `j0 + 16s ..< j0 + 16s + 16`, clipped at `j0 + cols`) and inner indices
    /// `p0 ..< p0 + kc` of `op(B)`. Sliver `s` goes to `dest + 16·kc·s`.
    @usableFromInline
    static func packRight(_ b: OperandView, columns j0: Int, count cols: Int, inner p0: Int, kc: Int,
                          slivers: Range<Int>, into dest: UnsafeMutablePointer<Float>) {
        let w = sliverWidth
        for s in slivers {
            let d = dest + s * w * kc
            let c0 = s * w
            let valid = max(0, min(w, cols - c0))
            if b.transposed {
                // op(B)[p, j] = b[j·ld + p]: contiguous in p for each column.
                for c in 0..<w {
                    if c < valid {
                        let src = b.base + (j0 + c0 + c) * b.ld + p0
                        for p in 0..<kc { d[p * w + c] = src[p] }
                    } else {
                        for p in 0..<kc { d[p * w + c] = 0 }
                    }
                }
            } else {
                for p in 0..<kc {
                    let src = b.base + (p0 + p) * b.ld + j0 + c0
                    let dp = d + p * w
                    if valid == w {
                        UnsafeMutableRawPointer(dp).storeBytes(
                            of: UnsafeRawPointer(src).loadUnaligned(as: SIMD16<Float>.self), as: SIMD16<Float>.self)
                    } else {
                        for c in 0..<valid { dp[c] = src[c] }
                        for c in valid..<w { dp[c] = 0 }
                    }
                }
            }
        }
    }

    /// The inner-index block length for a product with inner dimension `k`: `k` split into
    /// `⌈k / kc⌉` blocks of (nearly) equal length, so that no block is a short remainder (784 = 4 × 196
    /// instead of 3 × 256 + 16): every block costs a full read and write of C. ``PackedMatrix`` uses the
    /// same split, so packed and on-the-fly products stay bit-identical.
    @inlinable
    static func innerBlock(_ k: Int) -> Int {
        let blocks = Swift.max(1, (k + kc - 1) / kc)
        return (k + blocks - 1) / blocks
    }

    /// Number of 16-column slivers for `cols` columns, rounded up to even.
    @inlinable
    static func sliverCount(_ cols: Int) -> Int { ((cols + 31) / 32) * 2 }

    /// Number of 6-row slivers for `rows` rows.
    @inlinable
    static func rowSliverCount(_ rows: Int) -> Int { (rows + mr - 1) / mr }
}
