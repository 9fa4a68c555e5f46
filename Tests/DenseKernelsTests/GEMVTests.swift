import XCTest
import DenseKernels

/// GEMV against a double-precision reference (bound `(n + 3)·u·scale`, as for GEMM), and thread
/// independence.
final class GEMVTests: XCTestCase {
    func product(_ t: Transposition, m: Int, n: Int, pad: Int, alpha: Float, beta: Float,
                 workers: ParallelWorkers) -> (y: [Float], worstRatio: Double) {
        let a = Reference.matrix(rows: m, cols: n, seed: 11, ld: n + pad)
        let (inLen, outLen) = t == .none ? (n, m) : (m, n)
        let x = Reference.matrix(rows: 1, cols: inLen, seed: 12).values
        let y0 = Reference.matrix(rows: 1, cols: outLen, seed: 13).values
        var y = y0
        GEMV.multiply(t, m: m, n: n, alpha: alpha, a: a.values, lda: a.ld, x: x, beta: beta, y: &y, workers: workers)
        var worst = 0.0
        for o in 0..<outLen {
            var s = 0.0, g = 0.0
            for p in 0..<inLen {
                let v = t == .none ? Double(a.values[o * a.ld + p]) * Double(x[p]) : Double(a.values[p * a.ld + o]) * Double(x[p])
                s += v; g += abs(v)
            }
            let old = beta == 0 ? 0 : Double(y0[o])
            let exact = Double(alpha) * s + Double(beta) * old
            let bound = Double(inLen + 3) * Double(Float.ulpOfOne) / 2 * (abs(Double(alpha)) * g + abs(Double(beta) * old)) * 1.01 + 1e-30
            worst = max(worst, abs(Double(y[o]) - exact) / bound)
        }
        return (y, worst)
    }

    func testBothOrientationsMatchDoubleReference() {
        let one = ParallelWorkers(threadCount: 1)
        for (m, n) in [(1, 1), (7, 33), (33, 7), (100, 1), (1, 100), (65, 130), (784, 784)] {
            for t in Transposition.allCases {
                for (alpha, beta) in [(Float(1), Float(0)), (-0.5, 2)] {
                    let r = product(t, m: m, n: n, pad: 5, alpha: alpha, beta: beta, workers: one)
                    XCTAssertLessThanOrEqual(r.worstRatio, 1, "\(t) \(m)×\(n) alpha \(alpha) beta \(beta)")
                }
            }
        }
    }

    func testThreadCountsGiveBitIdenticalResults() {
        for t in Transposition.allCases {
            let a = product(t, m: 301, n: 333, pad: 0, alpha: 1.5, beta: 0.5, workers: ParallelWorkers(threadCount: 1))
            let b = product(t, m: 301, n: 333, pad: 0, alpha: 1.5, beta: 0.5, workers: ParallelWorkers(threadCount: 2))
            XCTAssertTrue(zip(a.y, b.y).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(t)")
        }
    }
}

extension GEMVTests {
    func testMatrixVectorConvenienceMatchesReference() {
        let a = Matrix(rows: 3, cols: 2, storage: [1, 2, 3, 4, 5, 6])
        var y: [Float] = [0, 0, 0]
        Matrix.multiply(a, vector: [1, -1], into: &y)
        XCTAssertEqual(y, [-1, -1, -1])
        var z: [Float] = [1, 1]
        Matrix.multiply(a, .transposed, vector: [1, 0, 2], alpha: 2, beta: -1, into: &z)
        XCTAssertEqual(z, [2 * 11 - 1, 2 * 14 - 1])
    }
}
