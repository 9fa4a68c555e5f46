/// Safe conveniences for dense products on ``Matrix`` values (see ``GEMM`` and ``GEMV`` for the kernels).
extension Matrix {
    /// `c = alpha · op(a) · op(b) + beta · c`. Shapes must agree: `op(a)` is `m × k`, `op(b)` is `k × n`
    /// and `c` is `m × n`; a mismatch is a programming error and stops with a message naming the shapes.
    public static func multiply(_ a: Matrix, _ transA: Transposition = .none,
                                _ b: Matrix, _ transB: Transposition = .none,
                                alpha: Float = 1, beta: Float = 0, into c: inout Matrix,
                                workers: ParallelWorkers = .shared) {
        let (m, k) = transA == .none ? (a.rows, a.cols) : (a.cols, a.rows)
        let (k2, n) = transB == .none ? (b.rows, b.cols) : (b.cols, b.rows)
        precondition(k == k2 && c.rows == m && c.cols == n,
                     "Matrix.multiply: op(a) is \(m)×\(k), op(b) is \(k2)×\(n), c is \(c.rows)×\(c.cols)")
        guard m > 0 && n > 0 else { return }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    GEMM.multiply(transA, transB, m: m, n: n, k: k, alpha: alpha,
                                  a: pa.baseAddress ?? dummy, lda: max(1, a.cols),
                                  b: pb.baseAddress ?? dummy, ldb: max(1, b.cols),
                                  beta: beta, c: pc.baseAddress!, ldc: n, workers: workers)
                }
            }
        }
    }

    /// The product `op(a) · op(b)` as a new matrix.
    public static func product(_ a: Matrix, _ transA: Transposition = .none,
                               _ b: Matrix, _ transB: Transposition = .none,
                               workers: ParallelWorkers = .shared) -> Matrix {
        let m = transA == .none ? a.rows : a.cols
        let n = transB == .none ? b.cols : b.rows
        var c = Matrix(rows: m, cols: n)
        multiply(a, transA, b, transB, into: &c, workers: workers)
        return c
    }

    /// `c = alpha · P · op(b) + beta · c` with a pre-packed left factor `P`.
    public static func multiply(_ p: PackedMatrix, _ b: Matrix, _ transB: Transposition = .none,
                                alpha: Float = 1, beta: Float = 0, into c: inout Matrix,
                                workers: ParallelWorkers = .shared) {
        let (k2, n) = transB == .none ? (b.rows, b.cols) : (b.cols, b.rows)
        precondition(p.side == .left && p.cols == k2 && c.rows == p.rows && c.cols == n,
                     "Matrix.multiply: packed \(p.side) factor is \(p.rows)×\(p.cols), op(b) is \(k2)×\(n), c is \(c.rows)×\(c.cols)")
        guard p.rows > 0 && n > 0 else { return }
        b.storage.withUnsafeBufferPointer { pb in
            c.storage.withUnsafeMutableBufferPointer { pc in
                GEMM.multiply(p, transB, n: n, alpha: alpha, b: pb.baseAddress ?? dummy, ldb: max(1, b.cols),
                              beta: beta, c: pc.baseAddress!, ldc: n, workers: workers)
            }
        }
    }

    /// `c = alpha · op(a) · P + beta · c` with a pre-packed right factor `P`.
    public static func multiply(_ a: Matrix, _ transA: Transposition = .none, _ p: PackedMatrix,
                                alpha: Float = 1, beta: Float = 0, into c: inout Matrix,
                                workers: ParallelWorkers = .shared) {
        let (m, k) = transA == .none ? (a.rows, a.cols) : (a.cols, a.rows)
        precondition(p.side == .right && p.rows == k && c.rows == m && c.cols == p.cols,
                     "Matrix.multiply: op(a) is \(m)×\(k), packed \(p.side) factor is \(p.rows)×\(p.cols), c is \(c.rows)×\(c.cols)")
        guard m > 0 && p.cols > 0 else { return }
        a.storage.withUnsafeBufferPointer { pa in
            c.storage.withUnsafeMutableBufferPointer { pc in
                GEMM.multiply(transA, m: m, alpha: alpha, a: pa.baseAddress ?? dummy, lda: max(1, a.cols), p,
                              beta: beta, c: pc.baseAddress!, ldc: p.cols, workers: workers)
            }
        }
    }
}

/// A valid, never-dereferenced pointer for empty operands (all loops run zero times when `k == 0`).
nonisolated(unsafe) private let dummyStorage = UnsafeMutablePointer<Float>.allocate(capacity: 1)
@usableFromInline var dummy: UnsafePointer<Float> { UnsafePointer(dummyStorage) }

extension Matrix {
    /// `y = alpha · op(a) · x + beta · y` (see ``GEMV``). `x` has `op(a).cols` entries and `y` has
    /// `op(a).rows`; a mismatch is a programming error and stops with a message naming the sizes.
    public static func multiply(_ a: Matrix, _ trans: Transposition = .none, vector x: [Float],
                                alpha: Float = 1, beta: Float = 0, into y: inout [Float],
                                workers: ParallelWorkers = .shared) {
        let (rows, cols) = trans == .none ? (a.rows, a.cols) : (a.cols, a.rows)
        precondition(x.count == cols && y.count == rows,
                     "Matrix.multiply: op(a) is \(rows)×\(cols), x has \(x.count), y has \(y.count) entries")
        guard rows > 0 else { return }
        a.storage.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    GEMV.multiply(trans, m: a.rows, n: a.cols, alpha: alpha, a: pa.baseAddress ?? dummy,
                                  lda: max(1, a.cols), x: px.baseAddress ?? dummy, beta: beta,
                                  y: py.baseAddress!, workers: workers)
                }
            }
        }
    }
}
