// Complex.swift — a minimal complex number for eigenvalues and eigenvectors.

/// A complex number `re + i·im` in Double precision.
///
/// Only what the eigenvalue code and its users need: arithmetic, conjugate, modulus and argument.
/// Division uses Smith's algorithm, so it neither overflows nor underflows for moderate operands.
@frozen
public struct Complex: Hashable, Sendable, CustomStringConvertible {
    /// Real part.
    public var re: Double
    /// Imaginary part.
    public var im: Double

    @inlinable
    public init(_ re: Double, _ im: Double = 0) {
        self.re = re
        self.im = im
    }

    @inlinable
    public init(re: Double, im: Double) {
        self.re = re
        self.im = im
    }

    /// `0 + 0i`.
    public static let zero = Complex(0, 0)
    /// `0 + 1i`.
    public static let i = Complex(0, 1)

    /// The modulus |z| = sqrt(re² + im²), computed with `hypot` semantics (no spurious overflow).
    @inlinable
    public var magnitude: Double {
        let a = Swift.abs(re), b = Swift.abs(im)
        let big = Swift.max(a, b), small = Swift.min(a, b)
        if big == 0 || !big.isFinite { return big }
        let t = small / big
        return big * (1 + t * t).squareRoot()
    }

    /// The argument atan2(im, re) in (−π, π].
    public var phase: Double { atan2Double(im, re) }

    /// The complex conjugate `re − i·im`.
    @inlinable
    public var conjugate: Complex { Complex(re, -im) }

    /// True when both parts are finite.
    @inlinable
    public var isFinite: Bool { re.isFinite && im.isFinite }

    /// e^{iθ} = cos θ + i sin θ.
    public init(unitPhase theta: Double) {
        self.init(cosDouble(theta), sinDouble(theta))
    }

    public var description: String {
        im < 0 || (im == 0 && im.sign == .minus) ? "\(re) - \(-im)i" : "\(re) + \(im)i"
    }

    @inlinable public static func + (a: Complex, b: Complex) -> Complex { Complex(a.re + b.re, a.im + b.im) }
    @inlinable public static func - (a: Complex, b: Complex) -> Complex { Complex(a.re - b.re, a.im - b.im) }
    @inlinable public static prefix func - (a: Complex) -> Complex { Complex(-a.re, -a.im) }
    @inlinable public static func * (a: Complex, b: Complex) -> Complex {
        Complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
    }
    @inlinable public static func * (a: Double, b: Complex) -> Complex { Complex(a * b.re, a * b.im) }
    @inlinable public static func * (a: Complex, b: Double) -> Complex { Complex(a.re * b, a.im * b) }
    @inlinable public static func / (a: Complex, b: Double) -> Complex { Complex(a.re / b, a.im / b) }

    /// Complex division (Smith 1962): scales by the larger of |b.re|, |b.im| to avoid overflow.
    @inlinable public static func / (a: Complex, b: Complex) -> Complex {
        if Swift.abs(b.re) >= Swift.abs(b.im) {
            let r = b.im / b.re, d = b.re + r * b.im
            return Complex((a.re + r * a.im) / d, (a.im - r * a.re) / d)
        } else {
            let r = b.re / b.im, d = b.im + r * b.re
            return Complex((r * a.re + a.im) / d, (r * a.im - a.re) / d)
        }
    }
    @inlinable public static func += (a: inout Complex, b: Complex) { a = a + b }
    @inlinable public static func -= (a: inout Complex, b: Complex) { a = a - b }
    @inlinable public static func *= (a: inout Complex, b: Complex) { a = a * b }
}
