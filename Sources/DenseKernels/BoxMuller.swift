/// Branch-free `Float` elementary functions for the Box–Muller transform.
///
/// Everything here is written as straight-line scalar code on `Float` with `+`, `*`, `addingProduct`
/// (a fused multiply-add), `squareRoot()` and bit casts only. Such code (a) contains no calls, so the loop
/// vectorizer widens loops over it to AVX2/AVX-512/NEON lanes, and (b) gives bit-identical results whether a
/// value is computed alone or in a vector lane, because every operation used is correctly rounded in IEEE
/// arithmetic and Swift never reassociates or contracts floating-point expressions. That second property is
/// what makes ``RandomStream/gaussian(_:)`` and ``RandomStream/fillGaussian(_:startingAt:)`` agree bit for bit.
///
/// Build flags that matter: `-Xcc -fno-math-errno` (without it `squareRoot()` becomes `sqrtss` plus a
/// branch to libm's `sqrtf` for errno in every lane, and loops containing it are not vectorized at all) and
/// a target CPU with FMA (`-target-cpu native`; otherwise each `addingProduct` is a call to `fmaf`).
public enum BoxMuller {
    /// Natural logarithm for positive normal `Float`s (Cephes `logf` polynomial, S. L. Moshier).
    ///
    /// Writes `x = m · 2^e` with `m ∈ [√½, √2)`, then `log x = e·ln2 + log1p(m − 1)` where `log1p(t)` is
    /// `t − t²/2 + t³·P(t)` with a degree-8 minimax `P`, and `ln 2` is split as
    /// `0.693359375 − 2.12194440e-4` so that `e·ln2` is exact in the high part.
    ///
    /// Accuracy: over all 2^24 uniforms the streams can produce, `|err| ≤ 8e-8·max(1, |log x|)` (measured
    /// exhaustively against `Double` `log`); the test `testLogMatchesDoublePrecision` asserts
    /// `2.5e-7·max(1, |log x|)` on a dense grid. Zero, negative, subnormal, infinite and NaN inputs are outside the domain and give
    /// meaningless finite values (no traps); the Box–Muller inputs never hit them.
    @inlinable @inline(__always)
    public static func log(_ x: Float) -> Float {
        let bits = x.bitPattern
        // Mantissa in [1, 2) and unbiased exponent.
        var e = Float(Int32(bitPattern: (bits >> 23) & 0xFF) &- 127)
        var m = Float(bitPattern: (bits & 0x007F_FFFF) | 0x3F80_0000)
        // Move m into [√½, √2): if m > √2, halve it (exact) and bump the exponent.
        let big = m > 1.41421356
        m = big ? m * 0.5 : m
        e = big ? e + 1 : e
        let t = m - 1
        let z = t * t
        var p: Float = 7.0376836292e-2
        p = Float(-1.1514610310e-1).addingProduct(p, t)
        p = Float(1.1676998740e-1).addingProduct(p, t)
        p = Float(-1.2420140846e-1).addingProduct(p, t)
        p = Float(1.4249322787e-1).addingProduct(p, t)
        p = Float(-1.6668057665e-1).addingProduct(p, t)
        p = Float(2.0000714765e-1).addingProduct(p, t)
        p = Float(-2.4999993993e-1).addingProduct(p, t)
        p = Float(3.3333331174e-1).addingProduct(p, t)
        var y = (p * t) * z
        y = y.addingProduct(e, -2.12194440e-4)
        y = y.addingProduct(z, -0.5)
        return (t + y).addingProduct(e, 0.693359375)
    }

    /// `(cos 2πu, sin 2πu)` for `u ∈ [0, 1]`, with exact range reduction.
    ///
    /// The quadrant is `q = round(4u)` (magic-number rounding), and `r = u − q/4 ∈ [−1/8, 1/8]` is exact
    /// because `q/4` is a multiple of `2^-2` no larger than `u` has bits for. With `θ = 2πr ∈ [−π/4, π/4]`
    /// the Cephes minimax polynomials give `sin θ` (degree 7) and `cos θ` (degree 8) to about 1 ulp, and the
    /// quadrant rotates `(cos θ, sin θ)` by `q·π/2` with selects. Max absolute error of either output
    /// over the whole range: 1.1e-7 measured on a grid of 2^22 + 1 points against `Double`; the test asserts
    /// 2.4e-7.
    @inlinable @inline(__always)
    public static func cosSinTwoPi(_ u: Float) -> (cos: Float, sin: Float) {
        let magic: Float = 12_582_912  // 1.5 · 2^23: adding it rounds to an integer held in the low bits
        let shifted = u * 4 + magic
        let q = shifted.bitPattern & 3
        let r = u - (shifted - magic) * 0.25
        let theta = r * 6.28318530717958647692
        let z = theta * theta
        var s: Float = -1.9515295891e-4
        s = Float(8.3321608736e-3).addingProduct(s, z)
        s = Float(-1.6666654611e-1).addingProduct(s, z)
        let sinT = theta.addingProduct(s * z, theta)
        var c: Float = 2.443315711809948e-5
        c = Float(-1.388731625493765e-3).addingProduct(c, z)
        c = Float(4.166664568298827e-2).addingProduct(c, z)
        let cosT = Float(1).addingProduct(z, -0.5).addingProduct(c * z, z)
        // Rotate by q quarter turns: q=0: (c, s); 1: (−s, c); 2: (−c, −s); 3: (s, −c).
        let swap = (q & 1) != 0
        let a = swap ? sinT : cosT
        let b = swap ? cosT : sinT
        // Negation as a sign-bit flip (identical to unary minus, but no compare and blend per lane).
        let cosSign = ((q ^ (q >> 1)) & 1) << 31
        let sinSign = (q & 2) << 30
        return (Float(bitPattern: a.bitPattern ^ cosSign), Float(bitPattern: b.bitPattern ^ sinSign))
    }

    /// The Box–Muller pair from two raw 32-bit words (each mapped with ``Philox4x32/uniform(_:)``):
    /// `ρ = √(−2 ln u₀)`, result `(ρ cos 2πu₁, ρ sin 2πu₁)`.
    ///
    /// Because the uniforms lie in `[2^-25, 1 − 2^-25]`, `|z| ≤ √(50 ln 2) ≈ 5.89`; the tail beyond that is
    /// truncated (probability 4e-9).
    @inlinable @inline(__always)
    public static func pair(_ w0: UInt32, _ w1: UInt32) -> (Float, Float) {
        let u0 = Philox4x32.uniform(w0)
        let u1 = Philox4x32.uniform(w1)
        let rho = (log(u0) * -2).squareRoot()
        let cs = cosSinTwoPi(u1)
        return (rho * cs.cos, rho * cs.sin)
    }
}
