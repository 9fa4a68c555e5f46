import DenseKernels

/// Nearest neighbours in Euclidean distance, one query per row.
public enum NearestNeighbours {
    /// For every row q of `queries`, the index of the closest row r of `references` and the distance ‖q − r‖.
    /// Squared distances are computed as ‖q‖² + ‖r‖² − 2 q·r with one GEMM per block of 256 queries
    /// (O(Q·R·d) flops, O(256·R) memory), accumulated in float and clamped at 0. With `excludingSelf`, queries
    /// and references are the same set and row i is never its own neighbour. Ties go to the lower index.
    public static func search(queries: Matrix, references: Matrix, excludingSelf: Bool = false) -> (indices: [Int], distances: [Float]) {
        precondition(queries.cols == references.cols, "queries have \(queries.cols) features, references \(references.cols)")
        precondition(!excludingSelf || queries.rows == references.rows, "excludingSelf needs the same set twice")
        precondition(references.rows >= (excludingSelf ? 2 : 1), "need references to search")
        let d = queries.cols, r = references.rows
        let referenceNorms = squaredNorms(references)
        var indices = [Int](repeating: 0, count: queries.rows)
        var distances = [Float](repeating: 0, count: queries.rows)
        let block = 256
        var start = 0
        while start < queries.rows {
            let count = min(block, queries.rows - start)
            let slice = Matrix(rows: count, cols: d, storage: Array(queries.storage[(start * d)..<((start + count) * d)]))
            let dots = Matrix.product(slice, .none, references, .transposed)       // count × r
            let queryNorms = squaredNorms(slice)
            for q in 0..<count {
                var best = Float.infinity, bestIndex = -1
                for j in 0..<r where !(excludingSelf && j == start + q) {
                    let s = queryNorms[q] + referenceNorms[j] - 2 * dots.storage[q * r + j]
                    if s < best { best = s; bestIndex = j }
                }
                indices[start + q] = bestIndex
                distances[start + q] = max(best, 0).squareRoot()
            }
            start += count
        }
        return (indices, distances)
    }

    static func squaredNorms(_ m: Matrix) -> [Float] {
        (0..<m.rows).map { i in
            var s: Float = 0
            for k in 0..<m.cols { let v = m.storage[i * m.cols + k]; s += v * v }
            return s
        }
    }
}

extension NearestNeighbours {
    /// For every row of `queries`, the largest |Pearson correlation| with a row of `references`: rows are
    /// centred and scaled to unit norm, then one GEMM gives all correlations. Insensitive to contrast,
    /// brightness and inversion (1 − p correlates at −1), so a noisy or inverted copy of a reference still
    /// scores near 1.
    public static func largestCorrelation(queries: Matrix, references: Matrix) -> [Float] {
        precondition(queries.cols == references.cols, "queries have \(queries.cols) features, references \(references.cols)")
        func standardised(_ m: Matrix) -> Matrix {
            var s = m
            for i in 0..<m.rows {
                let row = i * m.cols
                var mean: Float = 0
                for k in 0..<m.cols { mean += m.storage[row + k] }
                mean /= Float(m.cols)
                var norm: Float = 0
                for k in 0..<m.cols { let v = m.storage[row + k] - mean; s.storage[row + k] = v; norm += v * v }
                let scale = norm > 0 ? 1 / norm.squareRoot() : 0
                for k in 0..<m.cols { s.storage[row + k] *= scale }
            }
            return s
        }
        let c = Matrix.product(standardised(queries), .none, standardised(references), .transposed)
        return (0..<c.rows).map { i in (0..<c.cols).reduce(Float(0)) { max($0, abs(c.storage[i * c.cols + $1])) } }
    }
}
