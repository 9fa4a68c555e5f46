import DenseKernels

/// Gaussian test matrices from the project's counter-based streams (entries N(0, scale²)).
func gaussianMatrix(_ rows: Int, _ cols: Int, seed: UInt64, scale: Float = 1) -> Matrix {
    let s = RandomStream(seed: seed, stream: 1)
    return Matrix(rows: rows, cols: cols, storage: (0..<(rows * cols)).map { scale * s.gaussian(UInt64($0)) })
}

/// Squared Euclidean distance of two rows in double.
func squaredDistance(_ a: Matrix, _ i: Int, _ b: Matrix, _ j: Int) -> Double {
    var s = 0.0
    for k in 0..<a.cols { let e = Double(a[i, k]) - Double(b[j, k]); s += e * e }
    return s
}
