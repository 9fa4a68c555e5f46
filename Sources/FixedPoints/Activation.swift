import Foundation

/// The rate function φ of a rate network x ↦ −x + Jφ(x) + b, evaluated in Double precision.
///
/// `tanh` is the Neural Langevin Machine's; `identity` makes the network linear, F(x) = −x + Jx + b,
/// whose unique fixed point is (I − J)⁻¹b when I − J is nonsingular — a case with a closed-form answer.
/// F, its Jacobian DF = −I + J·diag(φ′(x)) and the Hessian of E = ½‖F‖² all use the same φ, φ′, φ″.
public enum Activation: String, Sendable, Hashable, CaseIterable {
    /// φ(x) = tanh x, φ′ = 1 − φ², φ″ = −2φφ′.
    case tanh
    /// φ(x) = x, φ′ = 1, φ″ = 0.
    case identity

    /// φ(x).
    @inlinable
    public func value(_ x: Double) -> Double {
        switch self {
        case .tanh: return Foundation.tanh(x)
        case .identity: return x
        }
    }

    /// (φ(x), φ′(x), φ″(x)) in one evaluation.
    @inlinable
    public func derivatives(_ x: Double) -> (value: Double, slope: Double, curvature: Double) {
        switch self {
        case .tanh:
            let t = Foundation.tanh(x), s = 1 - t * t
            return (t, s, -2 * t * s)
        case .identity:
            return (x, 1, 0)
        }
    }
}
