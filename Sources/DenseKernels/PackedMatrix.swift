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
    @usableFromInline private(set) var storage: ContiguousArray<Float>

    /// Packs `op(X)`, a `rows × cols` matrix, where `X` is stored row-major with leading dimension `ld`
    /// (`X` itself is `rows × cols` if `transposition == .none`, else `cols × rows`).
    public init(_ side: Side, rows: Int, cols: Int, _ transposition: Transposition,
                from base: UnsafePointer<Float>, ld: Int) {
        precondition(rows >= 0 && cols >= 0, "PackedMatrix: negative dimension")
        self.side = side
        self.rows = rows
        self.cols = cols
        let total = Self.storageCount(side, rows: rows, cols: cols)
        // Every packed float is written by `pack` (padding as zeros), so no zero-fill pass first.
        storage = ContiguousArray<Float>(unsafeUninitializedCapacity: total) { out, initialized in
            Self.pack(side, rows: rows, cols: cols, transposition, from: base, ld: ld, into: out.baseAddress!)
            initialized = total
        }
    }

    /// Re-packs `op(X)` of the same shape and side into the existing storage (no allocation when this value
    /// holds the only reference): for a coupling matrix that changes after every learning update.
    public mutating func repack(_ transposition: Transposition, from base: UnsafePointer<Float>, ld: Int) {
        let (side, rows, cols) = (self.side, self.rows, self.cols)
        storage.withUnsafeMutableBufferPointer { out in
            Self.pack(side, rows: rows, cols: cols, transposition, from: base, ld: ld, into: out.baseAddress!)
        }
    }

    /// Re-packs `op(matrix)` (same shape and side) into the existing storage.
    public mutating func repack(_ matrix: Matrix, _ transposition: Transposition = .none) {
        let r = transposition == .none ? matrix.rows : matrix.cols
        let c = transposition == .none ? matrix.cols : matrix.rows
        precondition(r == rows && c == cols, "PackedMatrix.repack: op(matrix) is \(r)×\(c), packed \(rows)×\(cols)")
        matrix.storage.withUnsafeBufferPointer { buffer in
            repack(transposition, from: buffer.baseAddress ?? dummy, ld: max(1, matrix.cols))
        }
    }

    /// Floats of packed storage (at least one, so the buffer always has an address).
    static func storageCount(_ side: Side, rows: Int, cols: Int) -> Int {
        switch side {
        case .left: return max(1, GEMM.rowSliverCount(rows) * GEMM.mr * cols)
        case .right: return max(1, GEMM.sliverCount(cols) * GEMM.sliverWidth * rows)
        }
    }

    /// Writes all `storageCount` floats of the packed layout of `op(X)` to `out`.
    static func pack(_ side: Side, rows: Int, cols: Int, _ transposition: Transposition,
                     from base: UnsafePointer<Float>, ld: Int, into out: UnsafeMutablePointer<Float>) {
        precondition(ld >= max(1, transposition == .none ? cols : rows), "PackedMatrix: ld too small")
        let view = GEMM.OperandView(base: base, ld: ld, transposed: transposition == .transposed)
        out[0] = 0  // the one float of an empty matrix
        switch side {
        case .left:
            let slivers = GEMM.rowSliverCount(rows)
            let kb = GEMM.innerBlock(cols)
            // Rows in multiples of six split over the shared pool (large matrices only): each part packs its
            // own slivers of every inner block, so the bytes do not depend on the thread count.
            let pool = rows * cols >= 65_536 ? ParallelWorkers.shared : ParallelWorkers.serial
            pool.run { context in
                let mine = context.chunk(of: rows, granularity: GEMM.mr)
                guard !mine.isEmpty else { return }
                var pc = 0
                while pc < cols {
                    let kcEff = min(kb, cols - pc)
                    GEMM.packLeft(view, rows: mine.lowerBound, count: mine.count, inner: pc, kc: kcEff,
                                  into: out + pc * slivers * GEMM.mr + (mine.lowerBound / GEMM.mr) * GEMM.mr * kcEff)
                    pc += kb
                }
            }
        case .right:
            let slivers = GEMM.sliverCount(cols)
            let kb = GEMM.innerBlock(rows)
            var pc = 0
            while pc < rows {
                let kcEff = min(kb, rows - pc)
                GEMM.packRight(view, columns: 0, count: cols, inner: pc, kc: kcEff, slivers: 0..<slivers,
                               into: out + pc * slivers * GEMM.sliverWidth)
                pc += kb
            }
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
