/// A row vector broadcast over the rows of a matrix, and its adjoint: the bias of a layer that maps each row
/// of a batch (one sample per row).
extension Matrix {
    /// self[r, j] += v[j] for every row r (v has `cols` entries).
    public mutating func addToEachRow(_ v: [Float]) {
        precondition(v.count == cols, "a row vector of \(v.count) entries for \(cols) columns")
        let n = cols
        guard n > 0 else { return }
        storage.withUnsafeMutableBufferPointer { p in
            v.withUnsafeBufferPointer { b in
                var k = 0
                while k < p.count {
                    for j in 0..<n { p[k + j] += b[j] }
                    k += n
                }
            }
        }
    }

    /// Σ_r self[r, j] for every column j, summed over the rows in order (the gradient of a row-broadcast bias).
    public func columnSums() -> [Float] {
        var sums = [Float](repeating: 0, count: cols)
        let n = cols
        guard n > 0 else { return sums }
        sums.withUnsafeMutableBufferPointer { out in
            storage.withUnsafeBufferPointer { p in
                var k = 0
                while k < p.count {
                    for j in 0..<n { out[j] += p[k + j] }
                    k += n
                }
            }
        }
        return sums
    }
}
