/// A GEMM factor packed once into the micro-kernel layout, for reuse across many products.
///
/// A Langevin machine multiplies by the same coupling matrix `J` (or `Jᵀ`) twenty or more times per
/// update; packing it once removes the packing pass from every one of those products. The layout is the
/// one ``GEMM`` packs on the fly (6-row slivers for a left factor, 16-column slivers for a right factor,
/// per block of at most 256 inner indices, k split into equal blocks), so products with a packed factor are bit-identical to products with
/// the unpacked matrix. The layout does not depend on the CPU, so a packed matrix works with every
/// ``GEMMTile``.
///
/// - Complexity: packing is `O(rows · cols)`; storage is at most `rows·cols` plus padding to a multiple of
///   6 rows (left) or 32 columns (right).
public struct PackedMatrix: Sendable {
    /// Which factor of a product the matrix was packed for.
    public enum Side: Sendable, Hashable {
        /// The left factor `op(A)` (`m × k`).
        case left
        /// The right factor `op(B)` (`k × n`).
        case right
    }

    public let side: Side
    /// Rows of the packed operand `op(X)`.
    public let rows: Int
    /// Columns of the packed operand `op(X)`.
    public let cols: Int
    @usableFromInline let storage: ContiguousArray<Float>

    /// Packs `op(X)`, a `rows × cols` matrix, where `X` is stored row-major with leading dimension `ld`
    /// (`X` itself is `rows × cols` if `transposition == .none`, else `cols × rows`).
    public init(_ side: Side, rows: Int, cols: Int, _ transposition: Transposition,
                from base: UnsafePointer<Float>, ld: Int) {
        precondition(rows >= 0 && cols >= 0, "PackedMatrix: negative dimension")
        precondition(ld >= max(1, transposition == .none ? cols : rows), "PackedMatrix: ld too small")
        self.side = side
        self.rows = rows
        self.cols = cols
        let view = GEMM.OperandView(base: base, ld: ld, transposed: transposition == .transposed)
        switch side {
        case .left:
            let slivers = GEMM.rowSliverCount(rows)
            let total = max(1, slivers * GEMM.mr * cols)
            // Every packed float is written below (padding rows as zeros), so no zero-fill pass first.
            storage = ContiguousArray<Float>(unsafeUninitializedCapacity: total) { out, initialized in
                if slivers * GEMM.mr * cols == 0 { out[0] = 0 }
                let destination = out.baseAddress!
                let kb = GEMM.innerBlock(cols)
                // Rows in multiples of six split over the shared pool (large matrices only): each part packs
                // its own slivers of every inner block, so the bytes do not depend on the thread count.
                let pool = rows * cols >= 65_536 ? ParallelWorkers.shared : ParallelWorkers.serial
                pool.run { context in
                    let mine = context.chunk(of: rows, granularity: GEMM.mr)
                    guard !mine.isEmpty else { return }
                    var pc = 0
                    while pc < cols {
                        let kcEff = min(kb, cols - pc)
                        GEMM.packLeft(view, rows: mine.lowerBound, count: mine.count, inner: pc, kc: kcEff,
                                      into: destination + pc * slivers * GEMM.mr + (mine.lowerBound / GEMM.mr) * GEMM.mr * kcEff)
                        pc += kb
                    }
                }
                initialized = total
            }
        case .right:
            let slivers = GEMM.sliverCount(cols)
            var s = ContiguousArray<Float>(repeating: 0, count: max(1, slivers * GEMM.sliverWidth * rows))
            s.withUnsafeMutableBufferPointer { out in
                let kb = GEMM.innerBlock(rows)
                var pc = 0
                while pc < rows {
                    let kcEff = min(kb, rows - pc)
                    GEMM.packRight(view, columns: 0, count: cols, inner: pc, kc: kcEff, slivers: 0..<slivers,
                                   into: out.baseAddress! + pc * slivers * GEMM.sliverWidth)
                    pc += kb
                }
            }
            storage = s
        }
    }

    /// Packs `op(matrix)` as the given factor.
    public init(_ side: Side, _ matrix: Matrix, _ transposition: Transposition = .none) {
        let r = transposition == .none ? matrix.rows : matrix.cols
        let c = transposition == .none ? matrix.cols : matrix.rows
        self = matrix.storage.withUnsafeBufferPointer { buffer in
            PackedMatrix(side, rows: r, cols: c, transposition, from: buffer.baseAddress ?? dummy,
                         ld: max(1, matrix.cols))
        }
    }
}
