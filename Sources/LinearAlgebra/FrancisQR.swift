// FrancisQR.swift — the Francis implicit double-shift QR algorithm on an upper Hessenberg matrix.

/// Computes the eigenvalues of the n × n row-major upper Hessenberg matrix `h` and, when `wantSchurForm`,
/// overwrites `h` with a real Schur form T (quasi upper triangular: 1 × 1 blocks for real eigenvalues,
/// 2 × 2 blocks for complex-conjugate pairs) and multiplies the transposed Schur vectors in `zt` (rows of
/// `zt` are columns of Z) by the same orthogonal transformations, so that A = (Z_in Q) T (Z_in Q)ᵀ.
///
/// Algorithm: Francis double-shift QR with 3 × 3 Householder bulge chasing (Golub & Van Loan, Alg. 7.5.1;
/// Martin, Peters & Wilkinson, EISPACK `hqr`/`hqr2`). The shifts are the eigenvalues of the trailing 2 × 2
/// block; a subdiagonal entry is set to zero when |h_{l,l−1}| ≤ eps·(|h_{l−1,l−1}| + |h_{ll}|) (or below
/// the underflow threshold); the sweep starts below the lowest pair of consecutive small subdiagonals.
/// Exceptional ad hoc shifts (Wilkinson's after 10 stalled iterations, MATLAB's after 20, alternating
/// thereafter) break cycles. Converged 2 × 2 blocks with real eigenvalues are rotated to triangular form.
/// Row operations run along contiguous rows; Schur vectors are kept transposed so their updates are too.
/// Backward stable: T is exactly orthogonally similar to A + E, ‖E‖ = O(eps·‖A‖); an eigenvalue's error is
/// about eps·‖A‖ times its condition number (eps^{1/m} for an m-fold defective eigenvalue).
/// - Returns: real and imaginary parts of the eigenvalues in diagonal order; a complex pair occupies two
///   consecutive entries, the one with positive imaginary part first.
/// - Throws: ``LinearAlgebraError/noConvergence(algorithm:index:iterations:)`` after 200 iterations on
///   one eigenvalue (never observed in practice).
/// - Complexity: about 10n³ flops for eigenvalues only, 25n³ with Schur form and vectors (typical).
func francisQR(_ h: UnsafeMutablePointer<Double>, _ n: Int, zt: UnsafeMutablePointer<Double>?,
               wantSchurForm: Bool) throws(LinearAlgebraError) -> (re: [Double], im: [Double]) {
    var wr = [Double](repeating: 0, count: n), wi = [Double](repeating: 0, count: n)
    let eps = Double.ulpOfOne
    let tiny = Double.leastNormalMagnitude * (Double(n) / eps)
    let wantT = wantSchurForm || zt != nil
    @inline(__always) func H(_ i: Int, _ j: Int) -> Double { h[i &* n &+ j] }
    @inline(__always) func setH(_ i: Int, _ j: Int, _ v: Double) { h[i &* n &+ j] = v }

    var norm = 0.0
    for i in 0..<n { for j in Swift.max(i - 1, 0)..<n { norm += Swift.abs(H(i, j)) } }

    var en = n - 1        // bottom of the active (unreduced) block
    var iter = 0
    var exshift = 0.0
    while en >= 0 {
        // Find the lowest l with a negligible subdiagonal h[l][l−1]; the block l...en is unreduced.
        var l = en
        while l > 0 {
            var s = Swift.abs(H(l - 1, l - 1)) + Swift.abs(H(l, l))
            if s == 0 { s = norm }
            let sub = Swift.abs(H(l, l - 1))
            if sub <= eps * s || sub <= tiny { break }
            l -= 1
        }
        if l > 0 { setH(l, l - 1, 0) }
        let low = 0
        if l == en {                                   // one real root
            setH(en, en, H(en, en) + exshift)
            wr[en] = H(en, en); wi[en] = 0
            en -= 1; iter = 0
            continue
        }
        if l == en - 1 {                               // a 2 × 2 block
            let w = H(en, en - 1) * H(en - 1, en)
            let p = (H(en - 1, en - 1) - H(en, en)) / 2
            let q = p * p + w
            var z = Swift.abs(q).squareRoot()
            setH(en, en, H(en, en) + exshift)
            setH(en - 1, en - 1, H(en - 1, en - 1) + exshift)
            let x = H(en, en)
            if q >= 0 {                                // real pair: rotate to upper triangular
                z = p >= 0 ? p + z : p - z
                wr[en - 1] = x + z
                wr[en] = z != 0 ? x - w / z : x + z
                wi[en - 1] = 0; wi[en] = 0
                if wantT {
                    let xs = H(en, en - 1)
                    let s = Swift.abs(xs) + Swift.abs(z)
                    var pr = xs / s, qr = z / s
                    let r = (pr * pr + qr * qr).squareRoot()
                    pr /= r; qr /= r
                    // rows en−1, en: [q p; −p q]; columns likewise; then Z.
                    for j in (en - 1)..<n {
                        let a = H(en - 1, j), b = H(en, j)
                        setH(en - 1, j, qr * a + pr * b); setH(en, j, qr * b - pr * a)
                    }
                    for i in 0...en {
                        let a = H(i, en - 1), b = H(i, en)
                        setH(i, en - 1, qr * a + pr * b); setH(i, en, qr * b - pr * a)
                    }
                    if let zt { rotateRows(zt + (en - 1) * n, zt + en * n, n, c: qr, s: -pr) }
                    setH(en, en - 1, 0)
                }
            } else {                                   // complex-conjugate pair
                wr[en - 1] = x + p; wr[en] = x + p
                wi[en - 1] = z; wi[en] = -z
            }
            en -= 2; iter = 0
            continue
        }
        // Shifts: eigenvalues of the trailing 2 × 2 block, as x + y = trace, x·y − w = determinant.
        var x = H(en, en), y = H(en - 1, en - 1), w = H(en, en - 1) * H(en - 1, en)
        if iter > 0 && iter % 20 == 10 {               // Wilkinson's exceptional shift
            exshift += x
            for i in low...en { setH(i, i, H(i, i) - x) }
            let s = Swift.abs(H(en, en - 1)) + Swift.abs(H(en - 1, en - 2))
            x = 0.75 * s; y = x; w = -0.4375 * s * s
        } else if iter > 0 && iter % 20 == 0 {         // MATLAB's exceptional shift
            var s = (y - x) / 2
            s = s * s + w
            if s > 0 {
                s = s.squareRoot()
                if y < x { s = -s }
                s = x - w / ((y - x) / 2 + s)
                for i in low...en { setH(i, i, H(i, i) - s) }
                exshift += s
                x = 0.964; y = x; w = x
            }
        }
        iter += 1
        if iter > 200 { throw .noConvergence(algorithm: "Francis QR", index: en, iterations: iter) }
        try chaseBulge(h, n, l: l, en: en, x: x, y: y, w: w, zt: zt, wantT: wantT)
    }
    return (wr, wi)
}

/// One implicit double-shift QR sweep on the active block l...en with shift data (x, y, w): finds the
/// starting row m (two consecutive small subdiagonals), then chases the 3 × 3 bulge to the bottom.
private func chaseBulge(_ h: UnsafeMutablePointer<Double>, _ n: Int, l: Int, en: Int, x: Double, y: Double,
                        w: Double, zt: UnsafeMutablePointer<Double>?, wantT: Bool) throws(LinearAlgebraError) {
    let eps = Double.ulpOfOne
    @inline(__always) func H(_ i: Int, _ j: Int) -> Double { h[i &* n &+ j] }
    var m = en - 2
    var p = 0.0, q = 0.0, r = 0.0
    while m >= l {
        let z = H(m, m)
        let rr = x - z, ss = y - z
        p = (rr * ss - w) / H(m + 1, m) + H(m, m + 1)
        q = H(m + 1, m + 1) - z - rr - ss
        r = H(m + 2, m + 1)
        let s = Swift.abs(p) + Swift.abs(q) + Swift.abs(r)
        p /= s; q /= s; r /= s
        if m == l { break }
        let lhs = Swift.abs(H(m, m - 1)) * (Swift.abs(q) + Swift.abs(r))
        let rhs = eps * Swift.abs(p) * (Swift.abs(H(m - 1, m - 1)) + Swift.abs(z) + Swift.abs(H(m + 1, m + 1)))
        if lhs < rhs { break }
        m -= 1
    }
    if !(p.isFinite && q.isFinite && r.isFinite) {
        throw .noConvergence(algorithm: "Francis QR (non-finite shift)", index: en, iterations: 0)
    }
    for i in (m + 2)..<(en + 1) {
        h[i &* n &+ i &- 2] = 0
        if i > m + 2 { h[i &* n &+ i &- 3] = 0 }
    }
    let jEnd = wantT ? n : en + 1          // row operations on columns k..<jEnd
    let iStart = wantT ? 0 : l              // column operations on rows iStart...min(en, k+3)
    for k in m..<en {
        let notLast = k != en - 1
        if k != m {
            p = H(k, k - 1); q = H(k + 1, k - 1); r = notLast ? H(k + 2, k - 1) : 0
            let scale = Swift.abs(p) + Swift.abs(q) + Swift.abs(r)
            if scale == 0 { continue }
            p /= scale; q /= scale; r /= scale
            var s = (p * p + q * q + r * r).squareRoot()
            if p < 0 { s = -s }
            h[k &* n &+ k &- 1] = -s * scale
            applyReflector(h, n, k: k, p: p, q: q, r: r, s: s, notLast: notLast, en: en,
                               jEnd: jEnd, iStart: iStart, zt: zt)
        } else {
            var s = (p * p + q * q + r * r).squareRoot()
            if p < 0 { s = -s }
            if s == 0 { continue }
            if l != m { h[k &* n &+ k &- 1] *= -p / s }   // (1 − x)·h, the reflector's action on e₁
            applyReflector(h, n, k: k, p: p, q: q, r: r, s: s, notLast: notLast, en: en,
                               jEnd: jEnd, iStart: iStart, zt: zt)
        }
    }
}

/// Applies P = I − [x y z]ᵀ[1 v₂ v₃] (the reflector mapping (p, q, r) to (−s, 0, 0)) to rows k…k+2 of
/// H (columns k..<jEnd), to columns k…k+2 (rows iStart...min(en, k+3)) and to rows k…k+2 of Zᵀ.
@inline(__always)
private func applyReflector(_ h: UnsafeMutablePointer<Double>, _ n: Int, k: Int, p: Double, q: Double,
                            r: Double, s: Double, notLast: Bool, en: Int, jEnd: Int, iStart: Int,
                            zt: UnsafeMutablePointer<Double>?) {
    let pp = p + s
    let x = pp / s, y = q / s, z = r / s
    let v2 = q / pp, v3 = r / pp
    let r0 = h + k &* n, r1 = r0 + n, r2 = r1 + n
    let iEnd = Swift.min(en, k + 3)
    if notLast {
        var j = k
        while j < jEnd {
            let t = r0[j] + v2 * r1[j] + v3 * r2[j]
            r0[j] -= t * x; r1[j] -= t * y; r2[j] -= t * z
            j &+= 1
        }
        var i = iStart
        while i <= iEnd {
            let c = h + (i &* n &+ k)
            let t = x * c[0] + y * c[1] + z * c[2]
            c[0] -= t; c[1] -= t * v2; c[2] -= t * v3
            i &+= 1
        }
        if let zt {
            let z0 = zt + k &* n, z1 = z0 + n, z2 = z1 + n
            var j = 0
            while j < n {
                let t = x * z0[j] + y * z1[j] + z * z2[j]
                z0[j] -= t; z1[j] -= t * v2; z2[j] -= t * v3
                j &+= 1
            }
        }
    } else {
        var j = k
        while j < jEnd {
            let t = r0[j] + v2 * r1[j]
            r0[j] -= t * x; r1[j] -= t * y
            j &+= 1
        }
        var i = iStart
        while i <= iEnd {
            let c = h + (i &* n &+ k)
            let t = x * c[0] + y * c[1]
            c[0] -= t; c[1] -= t * v2
            i &+= 1
        }
        if let zt {
            let z0 = zt + k &* n, z1 = z0 + n
            var j = 0
            while j < n {
                let t = x * z0[j] + y * z1[j]
                z0[j] -= t; z1[j] -= t * v2
                j &+= 1
            }
        }
    }
}
