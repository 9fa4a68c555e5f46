/// The hyperbolic tangent by a rational minimax approximation, scalar and in bulk.
///
/// `tanh x ≈ x·P(x²) / Q(x²)` with `P` of degree 6 (odd numerator of degree 13) and `Q` of degree 3 (even
/// denominator of degree 6), evaluated on `x` clamped to `[−7.90531, 7.90531]`; for `|x|` at or beyond the clamp
/// the result is exactly ±1 (the true value is within 2.7e-7 of it there, and `φ' = 0`); for `|x| < 0.0004` the result is `x` itself (the
/// relative error of `x` there is below `x²/3 < 6e-8`). The coefficients are Eigen's
/// `generic_fast_tanh_float` (Eigen 3.4, `GenericPacketMathFunctions.h`, MPL-2.0; a minimax fit of the form
/// above).
///
/// Accuracy: max absolute error below 1e-6 over all of `Float` (the tests check a dense grid over
/// `[−20, 20]` plus extremes against `Double` `tanh`; the observed maximum is about 3e-7), and the result
/// lies in `[−1, 1]`. `tanh(±∞) = ±1`. NaN in gives NaN out (the clamp is written with comparisons that
/// are false for NaN, so the NaN flows through the polynomials).
///
/// Speed: the bulk loops are plain counted loops over pointers with no calls and only selects, which
/// the loop vectorizer widens (8 lanes with AVX2); see the package notes for measured rates.
public enum Tanh {
    /// `tanh(x)` (see the type's documentation for accuracy).
    @inlinable @inline(__always)
    public static func value(_ x: Float) -> Float {
        let clampValue: Float = 7.90531110763549805
        var c = x > clampValue ? clampValue : x
        c = c < -clampValue ? -clampValue : c
        let x2 = c * c
        var p: Float = -2.76076847742355e-16
        p = Float(2.00018790482477e-13).addingProduct(p, x2)
        p = Float(-8.60467152213735e-11).addingProduct(p, x2)
        p = Float(5.12229709037114e-08).addingProduct(p, x2)
        p = Float(1.48572235717979e-05).addingProduct(p, x2)
        p = Float(6.37261928875436e-04).addingProduct(p, x2)
        p = Float(4.89352455891786e-03).addingProduct(p, x2)
        p = c * p
        var q: Float = 1.19825839466702e-06
        q = Float(1.18534705686654e-04).addingProduct(q, x2)
        q = Float(2.26843463243900e-03).addingProduct(q, x2)
        q = Float(4.89352518554385e-03).addingProduct(q, x2)
        let tiny = x.magnitude < 0.0004
        let saturated: Float = x > 0 ? 1 : -1
        return tiny ? x : (x.magnitude >= clampValue ? saturated : p / q)
    }

    /// `output[i] = tanh(input[i])`. `output` may be the same buffer as `input` (in-place map).
    /// - Complexity: O(n).
    public static func map(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i < count {
            output[i] = value(input[i])
            i &+= 1
        }
    }

    /// The fused activation pass `φ = tanh(x)`, `φ' = 1 − φ²`, in one sweep over `input`.
    ///
    /// `derivative[i]` is computed from the rounded `φ` as `fma(−φ, φ, 1)`, exactly the derivative the
    /// model layer would get from `φ` afterwards. `value` may alias `input`.
    /// - Complexity: O(n).
    public static func mapWithDerivative(_ input: UnsafePointer<Float>, value phi: UnsafeMutablePointer<Float>,
                                         derivative dphi: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i < count {
            let t = value(input[i])
            phi[i] = t
            dphi[i] = Float(1).addingProduct(-t, t)
            i &+= 1
        }
    }

    /// `tanh` of every element of an array, in place (convenience for the pointer map).
    public static func map(_ values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress else { return }
            map(base, into: base, count: b.count)
        }
    }
}
