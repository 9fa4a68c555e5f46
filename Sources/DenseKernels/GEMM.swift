import Foundation

/// Whether a GEMM/GEMV operand is used as stored or transposed.
public enum Transposition: Sendable, Hashable, CaseIterable {
    case none
    case transposed
}

/// The register tile of the GEMM micro-kernel.
public enum GEMMTile: Sendable, Hashable, CaseIterable {
    /// `SIMD8<Float>`, 6×16 tile, 12 accumulators: for AVX2 (16 ymm registers) and NEON.
    case simd8
    /// `SIMD16<Float>`, 6×32 tile, 12 accumulators: for AVX-512 (32 zmm registers).
    case simd16

    /// The tile for the CPU we are running on: ``simd16`` when `/proc/cpuinfo` lists `avx512f`, else
    /// ``simd8``. Both give bit-identical results; only speed differs. (The SIMD16 kernel is only fast
    /// if the binary was also compiled for AVX-512, i.e. built with `-target-cpu native` on such a CPU.)
    public static let native: GEMMTile = {
        #if arch(x86_64) && os(Linux)
        if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           info.split(separator: "\n").contains(where: { $0.hasPrefix("flags") && $0.contains(" avx512f") }) {
            return .simd16
        }
        #endif
        return .simd8
    }()
}

/// General matrix–matrix product `C = alpha · op(A) · op(B) + beta · C` on row-major `Float` matrices.
///
/// Algorithm (Goto / BLIS): loop over blocks of `nc = 2048` columns of C; within them over blocks of
/// at most `kc = 256` inner indices (k split into equal blocks, see `innerBlock`), packing the `kc × nc` panel of `op(B)` into 16-column slivers (all threads
/// pack a share, then meet at a barrier); within those over blocks of `mc = 144` rows of `op(A)`
/// packed into 6-row slivers in per-thread memory; and finally over register tiles computed by
/// `microTile` (see `GEMM+MicroKernel.swift`) (6×16 with AVX2, 6×32 with AVX-512). Each
/// thread owns a contiguous range of rows of C (or of columns when C has fewer than two 6-row slivers
/// per thread), so every element of C is accumulated by one thread in increasing `k` order with fused
/// multiply-adds: results are bit-identical for every thread count, tile and packing path.
///
/// Accuracy: each element is a length-`k` sum with one rounding per fused multiply-add, plus the
/// `alpha`/`beta` update per `kc` block, so `|C − C_exact| ≤ (k + 2)·u·Σₚ|a_ip·b_pj|·|alpha| + …`
/// with `u = 2^-24` (Higham, *Accuracy and Stability of Numerical Algorithms*, §3.1).
///
/// - Complexity: `2·m·n·k` flops; packing adds `O(m·k·⌈n/nc⌉ + k·n)` memory traffic.
public enum GEMM {
    /// Largest block of inner indices (the packed B sliver of `16·kc` floats stays in L1).
    @usableFromInline static let kc = 256
    @usableFromInline static let mc = 144
    @usableFromInline static let nc = 2048

    /// `C = alpha · op(A) · op(B) + beta · C` with `op(A)` of size `m × k`, `op(B)` of size `k × n` and
    /// `C` of size `m × n`, all row-major with leading dimensions (row strides) `lda`, `ldb`, `ldc`.
    ///
    /// `A` is stored `m × k` (`lda ≥ k`) when `transA == .none`, and `k × m` (`lda ≥ m`) when transposed;
    /// likewise `B`. When `beta == 0`, `C` is not read (it may hold garbage, even NaN).
    public static func multiply(_ transA: Transposition, _ transB: Transposition,
                                m: Int, n: Int, k: Int, alpha: Float = 1,
                                a: UnsafePointer<Float>, lda: Int,
                                b: UnsafePointer<Float>, ldb: Int,
                                beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int,
                                workers: ParallelWorkers = .shared, tile: GEMMTile = .native) {
        precondition(m >= 0 && n >= 0 && k >= 0, "GEMM: negative dimension")
        precondition(lda >= max(1, transA == .none ? k : m), "GEMM: lda too small")
        precondition(ldb >= max(1, transB == .none ? n : k), "GEMM: ldb too small")
        precondition(ldc >= max(1, n), "GEMM: ldc too small")
        drive(m: m, n: n, k: k, alpha: alpha,
              left: .view(OperandView(base: a, ld: lda, transposed: transA == .transposed)),
              right: .view(OperandView(base: b, ld: ldb, transposed: transB == .transposed)),
              beta: beta, c: c, ldc: ldc, workers: workers, tile: tile)
    }

    /// `C = alpha · P · op(B) + beta · C` where `P` is a pre-packed left factor (`m × k`).
    public static func multiply(_ left: PackedMatrix, _ transB: Transposition, n: Int, alpha: Float = 1,
                                b: UnsafePointer<Float>, ldb: Int,
                                beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int,
                                workers: ParallelWorkers = .shared, tile: GEMMTile = .native) {
        precondition(left.side == .left, "GEMM: matrix was packed as a right factor")
        precondition(n >= 0 && ldb >= max(1, transB == .none ? n : left.cols) && ldc >= max(1, n),
                     "GEMM: bad n or leading dimension")
        left.storage.withUnsafeBufferPointer { packed in
            drive(m: left.rows, n: n, k: left.cols, alpha: alpha, left: .packed(packed.baseAddress!),
                  right: .view(OperandView(base: b, ld: ldb, transposed: transB == .transposed)),
                  beta: beta, c: c, ldc: ldc, workers: workers, tile: tile)
        }
    }

    /// `C = alpha · op(A) · P + beta · C` where `P` is a pre-packed right factor (`k × n`).
    public static func multiply(_ transA: Transposition, m: Int, alpha: Float = 1,
                                a: UnsafePointer<Float>, lda: Int, _ right: PackedMatrix,
                                beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int,
                                workers: ParallelWorkers = .shared, tile: GEMMTile = .native) {
        precondition(right.side == .right, "GEMM: matrix was packed as a left factor")
        precondition(m >= 0 && lda >= max(1, transA == .none ? right.rows : m) && ldc >= max(1, right.cols),
                     "GEMM: bad m or leading dimension")
        right.storage.withUnsafeBufferPointer { packed in
            drive(m: m, n: right.cols, k: right.rows, alpha: alpha,
                  left: .view(OperandView(base: a, ld: lda, transposed: transA == .transposed)),
                  right: .packed(packed.baseAddress!), beta: beta, c: c, ldc: ldc, workers: workers, tile: tile)
        }
    }

    // MARK: - Driver

    @usableFromInline
    enum Factor {
        case view(OperandView)
        case packed(UnsafePointer<Float>)
    }

    static func drive(m: Int, n: Int, k: Int, alpha: Float, left: Factor, right: Factor,
                      beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
                      workers: ParallelWorkers, tile: GEMMTile) {
        guard m > 0 && n > 0 else { return }
        if k == 0 || alpha == 0 {
            for i in 0..<m {
                let row = c + i * ldc
                for j in 0..<n { row[j] = beta == 0 ? 0 : beta * row[j] }
            }
            return
        }
        var shared = 0
        if case .view = right { shared = kc * sliverWidth * sliverCount(min(nc, n)) }
        workers.run(sharedScratch: shared) { context in
            switch tile {
            case .simd8: part(SIMD8<Float>.self, context, m: m, n: n, k: k, alpha: alpha, left: left,
                              right: right, beta: beta, c: c, ldc: ldc)
            case .simd16: part(SIMD16<Float>.self, context, m: m, n: n, k: k, alpha: alpha, left: left,
                               right: right, beta: beta, c: c, ldc: ldc)
            }
        }
    }

    /// One thread's share of the product (see the type's documentation for the loop structure).
    static func part<V: SIMD>(_: V.Type, _ context: WorkerContext, m: Int, n: Int, k: Int, alpha: Float,
                              left: Factor, right: Factor, beta: Float,
                              c: UnsafeMutablePointer<Float>, ldc: Int) where V.Scalar == Float {
        let tileCols = 2 * V.scalarCount
        let rowSlivers = rowSliverCount(m)
        let allSlivers = sliverCount(n)
        let splitRows = context.count == 1 || rowSlivers >= 2 * context.count
        let myRows = splitRows ? context.chunk(of: m, granularity: mr) : 0..<m
        let myCols = splitRows ? 0..<n : context.chunk(of: n, granularity: 32)
        let kb = innerBlock(k)
        var jc = 0
        while jc < n {
            let ncEff = min(nc, n - jc)
            let cols = max(jc, myCols.lowerBound)..<max(jc, min(jc + ncEff, myCols.upperBound))
            var pc = 0
            while pc < k {
                let kcEff = min(kb, k - pc)
                let betaEff: Float = pc == 0 ? beta : 1
                let panel: UnsafePointer<Float>
                switch right {
                case .packed(let base):
                    panel = base + pc * allSlivers * sliverWidth + (jc / sliverWidth) * sliverWidth * kcEff
                case .view(let view):
                    let mine = context.chunk(of: sliverCount(ncEff), granularity: 2)
                    packRight(view, columns: jc, count: ncEff, inner: pc, kc: kcEff, slivers: mine,
                              into: context.sharedScratch)
                    context.barrier()
                    panel = UnsafePointer(context.sharedScratch)
                }
                if !cols.isEmpty && !myRows.isEmpty {
                    var ic = myRows.lowerBound
                    while ic < myRows.upperBound {
                        let mcEff = min(mc, myRows.upperBound - ic)
                        let block: UnsafePointer<Float>
                        switch left {
                        case .packed(let base):
                            block = base + pc * rowSlivers * mr + (ic / mr) * mr * kcEff
                        case .view(let view):
                            let buffer = context.privateScratch(mc * kc)
                            packLeft(view, rows: ic, count: mcEff, inner: pc, kc: kcEff, into: buffer)
                            block = UnsafePointer(buffer)
                        }
                        if n == 1 {
                            // A single column (a matrix–vector product): the 6×2W tile would waste 2W − 1 of
                            // its lanes, so use the column kernel (same per-element operation order).
                            microColumn(kc: kcEff, a: block, rows: mcEff, b: panel, c: c + ic * ldc, ldc: ldc,
                                        alpha: alpha, beta: betaEff)
                            ic += mc
                            continue
                        }
                        var jr = cols.lowerBound
                        while jr < cols.upperBound {
                            let nrEff = min(tileCols, cols.upperBound - jr)
                            let bSliver = panel + ((jr - jc) / sliverWidth) * sliverWidth * kcEff
                            var ir = 0
                            while ir < mcEff {
                                if nrEff == tileCols {
                                    microTile(V.self, kc: kcEff, a: block + (ir / mr) * mr * kcEff, b: bSliver,
                                              c: c + (ic + ir) * ldc + jr, ldc: ldc, rows: min(mr, mcEff - ir),
                                              cols: nrEff, alpha: alpha, beta: betaEff)
                                } else if nrEff <= V.scalarCount {
                                    microTileSingle(V.self, kc: kcEff, a: block + (ir / mr) * mr * kcEff, b: bSliver,
                                                    c: c + (ic + ir) * ldc + jr, ldc: ldc, rows: min(mr, mcEff - ir),
                                                    cols: nrEff, alpha: alpha, beta: betaEff)
                                } else {
                                    microTile(V.self, kc: kcEff, a: block + (ir / mr) * mr * kcEff, b: bSliver,
                                              c: c + (ic + ir) * ldc + jr, ldc: ldc, rows: min(mr, mcEff - ir),
                                              cols: nrEff, alpha: alpha, beta: betaEff)
                                }
                                ir += mr
                            }
                            jr += tileCols
                        }
                        ic += mc
                    }
                }
                if case .view = right { context.barrier() }
                pc += kb
            }
            jc += nc
        }
    }
}
