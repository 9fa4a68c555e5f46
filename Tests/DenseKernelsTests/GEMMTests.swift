import XCTest
import DenseKernels

/// GEMM against a double-precision reference, and the determinism guarantees (threads, tiles, packing).
///
/// Tolerance: every element is a sum of `k` products accumulated with fused multiply-adds (one rounding
/// each) plus the alpha/beta update once per block of 256, so by the standard bound (Higham, Thm 3.1)
/// `|ĉ − c| ≤ γ_{k+3}·(|α|Σ|a||b| + |β||c|)` with `γ_n = n·u/(1 − n·u)`, `u = 2^-24`. We assert
/// `(k + 3)·u·scale·1.01`, which a wrong index, a missed edge column or a dropped k-block exceeds by
/// orders of magnitude.
final class GEMMTests: XCTestCase {
    let u = Double(Float.ulpOfOne) / 2

    /// Runs one product through the raw-pointer API and returns C.
    func run(_ ta: Transposition, _ tb: Transposition, m: Int, n: Int, k: Int, alpha: Float, beta: Float,
             pad: Int, tile: GEMMTile = .native, workers: ParallelWorkers = ParallelWorkers(threadCount: 1),
             seed: UInt64 = 1) -> (c: [Float], c0: [Float], a: [Float], lda: Int, b: [Float], ldb: Int, ldc: Int) {
        let (ar, ac) = ta == .none ? (m, k) : (k, m)
        let (br, bc) = tb == .none ? (k, n) : (n, k)
        let a = Reference.matrix(rows: ar, cols: ac, seed: seed, ld: ac + pad)
        let b = Reference.matrix(rows: br, cols: bc, seed: seed + 1, ld: bc + pad)
        let c0 = Reference.matrix(rows: m, cols: n, seed: seed + 2, ld: n + pad)
        var c = c0.values
        GEMM.multiply(ta, tb, m: m, n: n, k: k, alpha: alpha, a: a.values, lda: a.ld, b: b.values, ldb: b.ld,
                      beta: beta, c: &c, ldc: c0.ld, workers: workers, tile: tile)
        return (c, c0.values, a.values, a.ld, b.values, b.ld, c0.ld)
    }

    func check(_ ta: Transposition, _ tb: Transposition, m: Int, n: Int, k: Int, alpha: Float, beta: Float,
               pad: Int, tile: GEMMTile, workers: ParallelWorkers = ParallelWorkers(threadCount: 1),
               file: StaticString = #filePath, line: UInt = #line) {
        let r = run(ta, tb, m: m, n: n, k: k, alpha: alpha, beta: beta, pad: pad, tile: tile, workers: workers)
        let ref = Reference.gemm(ta, tb, m: m, n: n, k: k, alpha: alpha, a: r.a, lda: r.lda, b: r.b, ldb: r.ldb,
                                 beta: beta, c: r.c0, ldc: r.ldc)
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<n {
                let err = abs(Double(r.c[i * r.ldc + j]) - ref.value[i * n + j])
                let bound = Double(k + 3) * u * ref.scale[i * n + j] * 1.01 + 1e-30
                worst = max(worst, err / bound)
            }
            // Padding columns of C must be untouched.
            for j in n..<r.ldc { XCTAssertTrue(r.c[i * r.ldc + j].isNaN, "padding written", file: file, line: line) }
        }
        XCTAssertLessThanOrEqual(worst, 1, "\(ta) \(tb) m=\(m) n=\(n) k=\(k) tile=\(tile)", file: file, line: line)
    }

    func testAllTranspositionsAndEdgeShapesMatchDoubleReference() {
        let shapes = [(1, 1, 1), (7, 33, 100), (33, 7, 1), (100, 1, 33), (13, 45, 300), (6, 32, 256), (1, 100, 7)]
        for tile in GEMMTile.allCases {
            for (m, n, k) in shapes {
                for ta in Transposition.allCases {
                    for tb in Transposition.allCases {
                        check(ta, tb, m: m, n: n, k: k, alpha: 1.5, beta: -0.5, pad: 3, tile: tile)
                    }
                }
            }
        }
    }

    func testBetaZeroAndOneAndAlphaVariants() {
        for (alpha, beta) in [(Float(1), Float(0)), (1, 1), (-2, 0.25), (0.5, 0)] {
            check(.none, .none, m: 20, n: 50, k: 70, alpha: alpha, beta: beta, pad: 0, tile: .native)
        }
    }

    func testLargeSquareShapeWithTwoThreads() {
        check(.none, .none, m: 784, n: 33, k: 784, alpha: 1, beta: 0, pad: 0, tile: .native,
              workers: ParallelWorkers(threadCount: 2))
    }

    func testBetaZeroOverwritesNaNInC() {
        var c = [Float](repeating: .nan, count: 4)
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [1, 0, 0, 1]
        GEMM.multiply(.none, .none, m: 2, n: 2, k: 2, a: a, lda: 2, b: b, ldb: 2, beta: 0, c: &c, ldc: 2)
        XCTAssertEqual(c, [1, 2, 3, 4])
    }

    func testZeroInnerDimensionScalesC() {
        var c: [Float] = [1, 2, 3]
        GEMM.multiply(.none, .none, m: 1, n: 3, k: 0, a: [0], lda: 1, b: [0, 0, 0], ldb: 3, beta: 2, c: &c, ldc: 3)
        XCTAssertEqual(c, [2, 4, 6])
    }

    func testThreadCountsTilesAndSplitsAreBitIdentical() {
        let two = ParallelWorkers(threadCount: 2), three = ParallelWorkers(threadCount: 3)
        // (m large: rows are split) and (m small: columns are split), with a k spanning two blocks.
        for (m, n, k) in [(50, 130, 300), (7, 100, 50), (150, 40, 260)] {
            for ta in Transposition.allCases {
                let base = run(ta, .transposed, m: m, n: n, k: k, alpha: 0.75, beta: 0.5, pad: 1, tile: .simd8)
                for tile in GEMMTile.allCases {
                    for workers in [ParallelWorkers(threadCount: 1), two, three] {
                        let other = run(ta, .transposed, m: m, n: n, k: k, alpha: 0.75, beta: 0.5, pad: 1,
                                        tile: tile, workers: workers)
                        XCTAssertTrue(zip(base.c, other.c).allSatisfy { $0.bitPattern == $1.bitPattern },
                                      "m=\(m) n=\(n) k=\(k) \(tile) threads=\(workers.threadCount)")
                    }
                }
            }
        }
    }

    func testPrepackedFactorsAreBitIdenticalToUnpacked() {
        let workers = ParallelWorkers(threadCount: 2)
        for (m, n, k) in [(35, 70, 300), (150, 50, 300), (5, 3, 2)] {
            for ta in Transposition.allCases {
                for tb in Transposition.allCases {
                    let r = run(ta, tb, m: m, n: n, k: k, alpha: 1.25, beta: -1, pad: 2, workers: workers)
                    let left = PackedMatrix(.left, rows: m, cols: k, ta, from: r.a, ld: r.lda)
                    var c1 = r.c0
                    GEMM.multiply(left, tb, n: n, alpha: 1.25, b: r.b, ldb: r.ldb, beta: -1, c: &c1, ldc: r.ldc,
                                  workers: workers)
                    let right = PackedMatrix(.right, rows: k, cols: n, tb, from: r.b, ld: r.ldb)
                    var c2 = r.c0
                    GEMM.multiply(ta, m: m, alpha: 1.25, a: r.a, lda: r.lda, right, beta: -1, c: &c2, ldc: r.ldc,
                                  workers: workers)
                    for (x, y) in [(r.c, c1), (r.c, c2)] {
                        XCTAssertTrue(zip(x, y).allSatisfy { $0.bitPattern == $1.bitPattern },
                                      "m=\(m) n=\(n) k=\(k) \(ta) \(tb)")
                    }
                }
            }
        }
    }

    func testMatrixConveniencesMatchReference() {
        let a = Matrix(rows: 9, cols: 11, storage: Reference.matrix(rows: 9, cols: 11, seed: 5).values)
        let b = Matrix(rows: 9, cols: 4, storage: Reference.matrix(rows: 9, cols: 4, seed: 6).values)
        let c = Matrix.product(a, .transposed, b)  // 11 × 4
        XCTAssertEqual(c.rows, 11); XCTAssertEqual(c.cols, 4)
        var d = Matrix(rows: 11, cols: 4)
        Matrix.multiply(PackedMatrix(.left, a, .transposed), b, into: &d)
        var e = Matrix(rows: 11, cols: 4)
        Matrix.multiply(a, .transposed, PackedMatrix(.right, b), into: &e)
        XCTAssertEqual(c, d); XCTAssertEqual(c, e)
        for i in 0..<11 {
            for j in 0..<4 {
                var s = 0.0, g = 0.0
                for p in 0..<9 { let x = Double(a[p, i]) * Double(b[p, j]); s += x; g += abs(x) }
                XCTAssertLessThanOrEqual(abs(Double(c[i, j]) - s), 12 * u * g + 1e-30)
            }
        }
    }
}
