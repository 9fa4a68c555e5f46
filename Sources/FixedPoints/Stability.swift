import LinearAlgebra

/// The linear stability of a rest point of a flow ẋ = V(x), from the eigenvalues λ of its linearisation
/// DV at the point: a direction is unstable when Re λ > tol, stable when Re λ < −tol, and marginal
/// (the linearisation does not decide) when |Re λ| ≤ tol.
public enum Stability: Sendable, Hashable {
    /// Every Re λ < −tol: the flow returns to the point from every nearby state.
    case stable
    /// Some Re λ > tol and some < −tol, none marginal; `unstableDirections` counts the Re λ > tol.
    case saddle(unstableDirections: Int)
    /// Every Re λ > tol.
    case unstable
    /// At least one |Re λ| ≤ tol.
    case marginal(unstableDirections: Int, marginalDirections: Int)

    /// Classifies eigenvalues whose real parts are `realParts`.
    public init(realParts: [Double], tolerance: Double) {
        let unstable = realParts.filter { $0 > tolerance }.count
        let marginal = realParts.filter { Swift.abs($0) <= tolerance || $0.isNaN }.count
        if marginal > 0 { self = .marginal(unstableDirections: unstable, marginalDirections: marginal) }
        else if unstable == 0 { self = .stable }
        else if unstable == realParts.count { self = .unstable }
        else { self = .saddle(unstableDirections: unstable) }
    }

    /// Number of directions with Re λ > tol.
    public var unstableDirections: Int {
        switch self {
        case .stable: return 0
        case let .saddle(k): return k
        case .unstable: return Int.max
        case let .marginal(k, _): return k
        }
    }

    /// True only for ``stable``.
    public var isStable: Bool { self == .stable }

    /// Short label for tables and JSON: "stable", "saddle-3", "unstable", "marginal-0+2" (unstable + marginal).
    public var label: String {
        switch self {
        case .stable: return "stable"
        case let .saddle(k): return "saddle-\(k)"
        case .unstable: return "unstable"
        case let .marginal(k, m): return "marginal-\(k)+\(m)"
        }
    }
}

/// The two flows whose rest points the solver's points are, and how each point's stability is decided.
///
/// * ``rateNetwork``: the RNN flow ẋ = F(x) = −x + Jφ(x) + b. Its rest points are the zeros of F; the
///   linearisation is DF = −I + J diag(φ′(x)), so stability follows the eigenvalues of DF. Slow points
///   (E > 0) are not rest points of this flow.
/// * ``energyGradient``: the NLM's generative dynamics at T = 0, ẋ = −∇E(x). Its rest points are all
///   stationary points of E: the zeros of F and the slow points. The linearisation is −∇²E with
///   ∇²E = DFᵀDF + diag(φ″ ⊙ JᵀF), so a point is stable iff the Hessian is positive definite. At a true
///   fixed point the Hessian is DFᵀDF, so every fixed point with nonsingular DF is a stable point of this
///   flow whatever DF's eigenvalues are — including the RNN flow's saddles and unstable points.
public enum Flow: String, Sendable, Hashable, CaseIterable {
    case rateNetwork
    case energyGradient
}
