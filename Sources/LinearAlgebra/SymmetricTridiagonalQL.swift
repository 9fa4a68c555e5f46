// SymmetricTridiagonalQL.swift — eigenvalues (and vectors) of a symmetric tridiagonal matrix.

/// Diagonalises the symmetric tridiagonal matrix tridiag(e, d, e) by the implicit QL algorithm with
/// Wilkinson-type shifts (Bowdler, Martin, Reinsch & Wilkinson 1968; EISPACK `tql2`), optionally applying
/// the plane rotations to the rows of `qt` (n × n row-major Qᵀ from `tridiagonalize`), so that row k of
/// `qt` becomes the eigenvector of `d[k]`. Eigenvalues come out ascending, rows permuted to match.
///
/// A subdiagonal entry is neglected when |e_m| ≤ eps·max_{l' ≤ l}(|d_l'| + |e_l'|). Each eigenvalue has
/// absolute error O(eps·‖T‖); the eigenvectors are orthonormal to O(n·eps).
/// - Parameters: `e[i]` couples rows i−1 and i (`e[0]` is ignored).
/// - Throws: ``LinearAlgebraError/noConvergence(algorithm:index:iterations:)`` after 60 iterations on one
///   eigenvalue (typical: 1–2).
/// - Complexity: about 30n² flops for eigenvalues; each rotation adds 6n flops on `qt` (≈ 3n³ total).
func tridiagonalQL(d: inout [Double], e eIn: [Double], qt: UnsafeMutablePointer<Double>?, _ n: Int) throws(LinearAlgebraError) {
    if n == 0 { return }
    var e = [Double](repeating: 0, count: n)
    for i in 1..<n { e[i - 1] = eIn[i] }
    let eps = Double.ulpOfOne
    var f = 0.0, tst1 = 0.0
    for l in 0..<n {
        tst1 = Swift.max(tst1, Swift.abs(d[l]) + Swift.abs(e[l]))
        var m = l
        while m < n - 1 && Swift.abs(e[m]) > eps * tst1 { m += 1 }
        if m > l {
            var iter = 0
            repeat {
                iter += 1
                if iter > 60 { throw .noConvergence(algorithm: "tridiagonal QL", index: l, iterations: iter) }
                var g = d[l]
                var p = (d[l + 1] - g) / (2 * e[l])
                var r = hypotenuse(p, 1)
                if p < 0 { r = -r }
                d[l] = e[l] / (p + r)
                d[l + 1] = e[l] * (p + r)
                let dl1 = d[l + 1]
                var h = g - d[l]
                for i in (l + 2)..<Swift.max(n, l + 2) { d[i] -= h }
                f += h
                p = d[m]
                var c = 1.0, c2 = c, c3 = c, s = 0.0, s2 = 0.0
                let el1 = e[l + 1]
                for i in stride(from: m - 1, through: l, by: -1) {
                    c3 = c2; c2 = c; s2 = s
                    g = c * e[i]
                    h = c * p
                    r = hypotenuse(p, e[i])
                    e[i + 1] = s * r
                    s = e[i] / r
                    c = p / r
                    p = c * d[i] - s * g
                    d[i + 1] = h + s * (c * g + s * d[i])
                    if let qt { rotateRows(qt + i &* n, qt + (i &+ 1) &* n, n, c: c, s: s) }
                }
                p = -s * s2 * c3 * el1 * e[l] / dl1
                e[l] = s * p
                d[l] = c * p
            } while Swift.abs(e[l]) > eps * tst1
        }
        d[l] += f
        e[l] = 0
    }
    // Selection sort, ascending, moving eigenvector rows along.
    for i in 0..<(n - 1) {
        var k = i
        for j in (i + 1)..<n where d[j] < d[k] { k = j }
        if k != i {
            d.swapAt(i, k)
            if let qt { swapRows(qt + i &* n, qt + k &* n, n) }
        }
    }
}

/// sqrt(a² + b²) without overflow or destructive underflow.
@inline(__always)
func hypotenuse(_ a: Double, _ b: Double) -> Double {
    let x = Swift.abs(a), y = Swift.abs(b)
    let big = Swift.max(x, y), small = Swift.min(x, y)
    if big == 0 { return 0 }
    let t = small / big
    return big * (1 + t * t).squareRoot()
}
