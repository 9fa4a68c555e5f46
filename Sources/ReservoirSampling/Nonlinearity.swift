import Foundation

/// The firing-rate nonlinearity φ of a reservoir or sampler network, with its derivative φ′.
public enum Nonlinearity: String, Sendable, CaseIterable {
    /// φ(h) = max(h, 0), φ′ = [h > 0] (the papers' default).
    case relu
    /// φ(h) = tanh h, φ′ = 1 − φ².
    case tanh
    /// φ(h) = log(1 + eʰ), φ′ = σ(h), computed without overflow.
    case softplus

    @inlinable public func value(_ h: Float) -> Float {
        switch self {
        case .relu: return max(h, 0)
        case .tanh: return Foundation.tanh(h)
        case .softplus: return h > 20 ? h : (h < -20 ? Foundation.exp(h) : Foundation.log1p(Foundation.exp(h)))
        }
    }

    @inlinable public func slope(_ h: Float) -> Float {
        switch self {
        case .relu: return h > 0 ? 1 : 0
        case .tanh: let t = Foundation.tanh(h); return 1 - t * t
        case .softplus: return 1 / (1 + Foundation.exp(-h))
        }
    }
}
