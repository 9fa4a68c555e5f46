import DenseKernels

/// Nearest neighbours in Euclidean distance, one query per row.
public enum NearestNeighbours {
    /// For every row q of `queries`, the index of the closest row r of `references` and the distance ‖q − r‖.
    /// Candidates are ranked by squared distances ‖q‖² + ‖r‖² − 2 q·r computed with one float GEMM per block
    /// of 256 queries (O(Q·R·d) flops, O(256·R) memory), clamped at 0; the returned distance of the chosen
    /// neighbour is then recomputed directly as ‖q − r‖ in double, so near-copies report distances near 0
    /// rather than the expansion's rounding (~1e-6·‖q‖²). Two references whose squared distances differ by
    /// less than that rounding may be ranked either way. With `excludingSelf`, queries and references are the
    /// same set and row i is never its own neighbour. Exact ties go to the lower index. Any space works
    /// (pixels or rates), as long as queries and references share it.
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
                var exact = 0.0
                for k in 0..<d {
                    let e = Double(slice.storage[q * d + k]) - Double(references.storage[bestIndex * d + k])
                    exact += e * e
                }
                distances[start + q] = Float(exact.squareRoot())
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
