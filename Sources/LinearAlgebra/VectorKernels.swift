// VectorKernels.swift — the unsafe inner loops shared by the factorizations: dot product, axpy,
// plane rotation of two rows, and a cache-blocked matrix product. All operate on raw pointers so the
// hot loops have no bounds checks and vectorize (see research note swift-style-and-simd.md, B.4/B.6).

/// Σ x[i]·y[i] for i < n, with two 8-lane accumulators (Swift never reassociates a scalar reduction,
/// so a plain loop would not vectorize). Rounding error ≤ n·eps·Σ|x[i]·y[i]| as for any summation order.
@inline(__always)
func dotProduct(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ n: Int) -> Double {
    var a0 = SIMD8<Double>(), a1 = SIMD8<Double>()
    var i = 0
    let rx = UnsafeRawPointer(x), ry = UnsafeRawPointer(y)
    while i &+ 16 <= n {
        let o = i &* 8
        a0.addProduct(rx.loadUnaligned(fromByteOffset: o, as: SIMD8<Double>.self),
                      ry.loadUnaligned(fromByteOffset: o, as: SIMD8<Double>.self))
        a1.addProduct(rx.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD8<Double>.self),
                      ry.loadUnaligned(fromByteOffset: o &+ 64, as: SIMD8<Double>.self))
        i &+= 16
    }
    if i &+ 8 <= n {
        let o = i &* 8
        a0.addProduct(rx.loadUnaligned(fromByteOffset: o, as: SIMD8<Double>.self),
                      ry.loadUnaligned(fromByteOffset: o, as: SIMD8<Double>.self))
        i &+= 8
    }
    let v = a0 + a1
    var s = (v.lowHalf + v.highHalf).sum()
    while i < n { s += x[i] * y[i]; i &+= 1 }
    return s
}

/// y[i] += a·x[i] for i < n (BLAS daxpy). The loop is left to LLVM's loop vectorizer.
@inline(__always)
func axpy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
    var i = 0
    while i < n { y[i] += a * x[i]; i &+= 1 }
}

/// Applies the plane rotation [x; y] ← [c·x − s·y; s·x + c·y] to two vectors of length n.
@inline(__always)
func rotateRows(_ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int,
                c: Double, s: Double) {
    var i = 0
    while i < n {
        let xi = x[i], yi = y[i]
        x[i] = c * xi - s * yi
        y[i] = s * xi + c * yi
        i &+= 1
    }
}

/// C (m × n) += A (m × k) · B (k × n), row-major with leading dimensions lda, ldb, ldc (the distance
/// between consecutive rows). Blocked so that a 128 × 256 panel of B stays in L2 while four rows of C
/// (4 × 256) stay in L1; the innermost loop updates four rows of C from one row of B and vectorizes.
/// 2·m·n·k flops.
func multiplyAccumulate(_ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
                        _ c: UnsafeMutablePointer<Double>, ldc: Int, m: Int, k: Int, n: Int) {
    let nb = 256, kb = 128
    var j0 = 0
    while j0 < n {
        let w = Swift.min(nb, n &- j0)
        var k0 = 0
        while k0 < k {
            let k1 = Swift.min(k0 &+ kb, k)
            var i = 0
            while i &+ 4 <= m {
                let c0 = c + (i &* ldc &+ j0), c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc
                let a0 = a + i &* lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda
                for p in k0..<k1 {
                    let x0 = a0[p], x1 = a1[p], x2 = a2[p], x3 = a3[p]
                    let bp = b + (p &* ldb &+ j0)
                    var j = 0
                    while j < w {
                        let bj = bp[j]
                        c0[j] += x0 * bj; c1[j] += x1 * bj; c2[j] += x2 * bj; c3[j] += x3 * bj
                        j &+= 1
                    }
                }
                i &+= 4
            }
            while i < m {
                for p in k0..<k1 { axpy(a[i &* lda &+ p], b + (p &* ldb &+ j0), c + (i &* ldc &+ j0), w) }
                i &+= 1
            }
            k0 = k1
        }
        j0 &+= w
    }
}
