import Analysis
import DenseKernels
import XCTest

final class NearestNeighboursTests: XCTestCase {
    /// GEMM-based nearest neighbours against a brute-force double search (odd sizes, more than one block of
    /// 256 queries); the reported distance is the double distance to 1e-5 relative.
    func testNearestNeighboursMatchBruteForce() {
        let q = gaussianMatrix(300, 13, seed: 1), r = gaussianMatrix(77, 13, seed: 2)
        let found = NearestNeighbours.search(queries: q, references: r)
        for i in 0..<q.rows {
            let distances = (0..<r.rows).map { squaredDistance(q, i, r, $0) }
            let best = distances.indices.min { distances[$0] < distances[$1] }!
            XCTAssertEqual(found.indices[i], best)
            XCTAssertEqual(Double(found.distances[i]), distances[best].squareRoot(), accuracy: 1e-5 * distances[best].squareRoot())
        }
    }

    /// Searching a set in itself with `excludingSelf`: the brute-force nearest *other* row, never row i.
    func testExcludingSelfFindsTheNearestOtherRow() {
        let r = gaussianMatrix(290, 9, seed: 3)
        let found = NearestNeighbours.search(queries: r, references: r, excludingSelf: true)
        for i in 0..<r.rows {
            let distances = (0..<r.rows).map { $0 == i ? Double.infinity : squaredDistance(r, i, r, $0) }
            let best = distances.indices.min { distances[$0] < distances[$1] }!
            XCTAssertEqual(found.indices[i], best)
            XCTAssertNotEqual(found.indices[i], i)
        }
    }

    /// A near-copy of a large-norm image (‖x‖² ≈ 4·10⁴, offset 10⁻³ in one pixel): the expansion
    /// ‖a‖² + ‖b‖² − 2a·b has rounding ~10⁻², but the reported distance is the exact 10⁻³ (recomputed in double);
    /// an exact copy reports 0, never NaN.
    func testNearCopiesReportTheirExactSmallDistance() {
        var reference = Matrix(rows: 2, cols: 400, repeating: 10)
        for k in 0..<400 { reference[1, k] = Float(k % 7) }
        var queries = reference
        queries[0, 5] += 1e-3
        let found = NearestNeighbours.search(queries: queries, references: reference)
        XCTAssertEqual(found.indices, [0, 1])
        XCTAssertEqual(Double(found.distances[0]), Double(Float(10 + 1e-3) - 10), accuracy: 1e-9)
        XCTAssertEqual(found.distances[1], 0)
    }

    /// Largest |correlation|: an inverted copy (1 − p) correlates at −1, so scores 1; a constant row scores 0.
    func testLargestCorrelationSeesInvertedCopies() {
        let r = gaussianMatrix(5, 20, seed: 4)
        var q = Matrix(rows: 2, cols: 20)
        for k in 0..<20 { q[0, k] = 1 - r[2, k]; q[1, k] = 0.5 }
        let c = NearestNeighbours.largestCorrelation(queries: q, references: r)
        XCTAssertEqual(c[0], 1, accuracy: 1e-5)
        XCTAssertEqual(c[1], 0)
    }
}
