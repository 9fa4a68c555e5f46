// QuasiTriangularEigenvectors.swift — eigenvectors of a real Schur form by back substitution.

/// Computes the eigenvectors X of the n × n quasi-upper-triangular real Schur form `t` (row-major), with
/// eigenvalues (wr, wi) as returned by `francisQR`, and stores them transposed: row e of `xt` is column e
/// of X, nonzero only in entries 0...e.
///
/// Algorithm: EISPACK `hqr2` back substitution (Martin & Wilkinson 1968). For a real eigenvalue λ = t_ee
/// it solves (T − λI) x = 0 with x_e = 1 upwards, one 1 × 1 or 2 × 2 diagonal block at a time. For a
/// complex pair (λ at e−1 with Im λ > 0) it solves the complex system in real arithmetic and stores
/// Re x in row e−1 and Im x in row e; then x is the eigenvector of λ and x̄ that of λ̄. A zero divisor
/// (repeated eigenvalue) is replaced by eps·‖T‖, the standard perturbation; components are rescaled when
/// they grow past 1/sqrt(eps) to avoid overflow. Dot products run along contiguous rows of T and Xᵀ.
/// - Complexity: about n³/3 flops.
func quasiTriangularEigenvectors(_ t: UnsafePointer<Double>, _ n: Int, wr: [Double], wi: [Double],
                                 xt: UnsafeMutablePointer<Double>) {
    xt.update(repeating: 0, count: n &* n)
    let eps = Double.ulpOfOne
    var norm = 0.0
    for i in 0..<n { for j in Swift.max(i - 1, 0)..<n { norm += Swift.abs(t[i &* n &+ j]) } }
    if norm == 0 {
        for i in 0..<n { xt[i &* n &+ i] = 1 }
        return
    }
    @inline(__always) func T(_ i: Int, _ j: Int) -> Double { t[i &* n &+ j] }
    var e = n - 1
    while e >= 0 {
        let p = wr[e], q = wi[e]
        if q == 0 {
            let x = xt + e &* n                       // eigenvector e, entries 0...e
            x[e] = 1
            var l = e
            var zSave = 0.0, sSave = 0.0
            var i = e - 1
            while i >= 0 {
                let w = T(i, i) - p
                let r = dotProduct(t + (i &* n &+ l), x + l, e &- l &+ 1)
                if wi[i] < 0 {                        // second row of a 2 × 2 block: keep for the solve
                    zSave = w; sSave = r
                } else {
                    l = i
                    if wi[i] == 0 {
                        x[i] = w != 0 ? -r / w : -r / (eps * norm)
                    } else {                          // 2 × 2 block rows i, i+1 (complex eigenvalues)
                        let xx = T(i, i + 1), yy = T(i + 1, i)
                        let qq = (wr[i] - p) * (wr[i] - p) + wi[i] * wi[i]
                        let tt = (xx * sSave - zSave * r) / qq
                        x[i] = tt
                        x[i + 1] = Swift.abs(xx) > Swift.abs(zSave) ? (-r - w * tt) / xx : (-sSave - yy * tt) / zSave
                    }
                    let magnitude = Swift.abs(x[i])
                    if (eps * magnitude) * magnitude > 1 {
                        for j in i...e { x[j] /= magnitude }
                    }
                }
                i -= 1
            }
            e -= 1
        } else if q < 0 {                             // pair (e−1, e): λ = p − i|q| at e, p + i|q| at e−1
            let xr = xt + (e &- 1) &* n, xi = xt + e &* n
            var l = e - 1
            if Swift.abs(T(e, e - 1)) > Swift.abs(T(e - 1, e)) {
                xr[e - 1] = q / T(e, e - 1)
                xi[e - 1] = -(T(e, e) - p) / T(e, e - 1)
            } else {
                let c = Complex(0, -T(e - 1, e)) / Complex(T(e - 1, e - 1) - p, q)
                xr[e - 1] = c.re; xi[e - 1] = c.im
            }
            xr[e] = 0; xi[e] = 1
            var zSave = 0.0, rSave = 0.0, sSave = 0.0
            var i = e - 2
            while i >= 0 {
                let ra = dotProduct(t + (i &* n &+ l), xr + l, e &- l &+ 1)
                let sa = dotProduct(t + (i &* n &+ l), xi + l, e &- l &+ 1)
                let w = T(i, i) - p
                if wi[i] < 0 {
                    zSave = w; rSave = ra; sSave = sa
                } else {
                    l = i
                    if wi[i] == 0 {
                        let c = Complex(-ra, -sa) / Complex(w, q)
                        xr[i] = c.re; xi[i] = c.im
                    } else {                          // complex 2 × 2 block rows i, i+1
                        let xx = T(i, i + 1), yy = T(i + 1, i)
                        var vr = (wr[i] - p) * (wr[i] - p) + wi[i] * wi[i] - q * q
                        let vi = (wr[i] - p) * 2 * q
                        if vr == 0 && vi == 0 {
                            vr = eps * norm * (Swift.abs(w) + Swift.abs(q) + Swift.abs(xx) + Swift.abs(yy) + Swift.abs(zSave))
                        }
                        let c = Complex(xx * rSave - zSave * ra + q * sa, xx * sSave - zSave * sa - q * ra)
                            / Complex(vr, vi)
                        xr[i] = c.re; xi[i] = c.im
                        if Swift.abs(xx) > Swift.abs(zSave) + Swift.abs(q) {
                            xr[i + 1] = (-ra - w * xr[i] + q * xi[i]) / xx
                            xi[i + 1] = (-sa - w * xi[i] - q * xr[i]) / xx
                        } else {
                            let d = Complex(-rSave - yy * xr[i], -sSave - yy * xi[i]) / Complex(zSave, q)
                            xr[i + 1] = d.re; xi[i + 1] = d.im
                        }
                    }
                    let magnitude = Swift.max(Swift.abs(xr[i]), Swift.abs(xi[i]))
                    if (eps * magnitude) * magnitude > 1 {
                        for j in i...e { xr[j] /= magnitude; xi[j] /= magnitude }
                    }
                }
                i -= 1
            }
            e -= 2
        } else {
            e -= 1   // q > 0 is handled together with its partner at e+1; not reached in order
        }
    }
}
