/// The time grid and the heuristics of the authors' annealed reverse samplers (gbm.md §1.3): N levels on
/// [0, T]; at level k = N−1 … 0 the state sits at τ_k = (k+1)·T/N and the update is repeated L times with step δ
/// (δ = T/N makes one pass an Euler–Maruyama discretisation of the reverse SDE; the authors tune δ per dataset);
/// the injected noise is scaled by a_j = factor^j at the j-th level visited; optionally R noise-free steps at the
/// smallest level time T/N end the run (the authors' "Tweedie" refinement).
public struct ReverseSchedule: Sendable, Equatable {
    public var levels: Int
    public var horizon: Float
    public var stepSize: Float
    public var repeats: Int
    public var annealing: Float
    public var refinementSteps: Int

    /// `stepSize` nil means T/N.
    public init(levels: Int, horizon: Float = 1, stepSize: Float? = nil, repeats: Int = 1, annealing: Float = 1, refinementSteps: Int = 0) {
        precondition(levels >= 1 && repeats >= 1 && refinementSteps >= 0 && horizon > 0, "a valid schedule")
        self.levels = levels
        self.horizon = horizon
        self.stepSize = stepSize ?? horizon / Float(levels)
        self.repeats = repeats
        self.annealing = annealing
        self.refinementSteps = refinementSteps
    }

    /// τ_k = (k+1)·T/N.
    @inlinable public func time(level k: Int) -> Float { Float(k + 1) * horizon / Float(levels) }
}
