import DenseKernels
import Foundation

/// A parameter-update rule, applied element by element to one flat tensor of weights from the gradient of a
/// loss L (descent direction −∇L). Every model family (NLM, Boltzmann machines, reservoir samplers,
/// multiplicative score networks) updates its tensors through this one implementation.
public enum UpdateRule: Sendable, Equatable {
    /// w ← (1 − λ)w − k·g: plain gradient descent with multiplicative weight decay λ.
    case gradientDescent(learningRate: Float, decay: Float)
    /// Adam (Kingma & Ba 2015) with L2 weight decay added to the gradient, g ← g + λw, as `torch.optim.Adam`:
    /// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², w ← w − η·(m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε).
    case adam(learningRate: Float, weightDecay: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8)
    /// Exponentiated gradient (Dale's law): w ← w ∘ exp(−η·sign(w) ∘ (g + λw)). The factor is positive for any
    /// step and gradient, so no weight ever changes sign (a zero weight stays zero); the update is additive in
    /// log|w|, which drives weight magnitudes towards a log-normal distribution.
    case exponentiatedGradient(learningRate: Float, weightDecay: Float = 0)

    /// The same rule without weight decay (biases are not decayed).
    public var withoutDecay: UpdateRule {
        switch self {
        case let .gradientDescent(k, _): return .gradientDescent(learningRate: k, decay: 0)
        case let .adam(lr, _, b1, b2, eps): return .adam(learningRate: lr, weightDecay: 0, beta1: b1, beta2: b2, epsilon: eps)
        case let .exponentiatedGradient(lr, _): return .exponentiatedGradient(learningRate: lr, weightDecay: 0)
        }
    }

    /// The names network files use for the rules, in the order of ``named(_:learningRate:weightDecay:)``.
    public static let names = ["adam", "descent", "exponentiatedGradient"]

    /// The rule a network file names (one of ``names``) with its learning rate and weight decay (Adam's and
    /// exponentiated gradient's decoupled decay; plain descent's shrink factor per step), or nil for another name.
    public static func named(_ name: String, learningRate: Float, weightDecay: Float) -> UpdateRule? {
        switch name {
        case "adam": return .adam(learningRate: learningRate, weightDecay: weightDecay)
        case "descent": return .gradientDescent(learningRate: learningRate, decay: weightDecay)
        case "exponentiatedGradient": return .exponentiatedGradient(learningRate: learningRate, weightDecay: weightDecay)
        default: return nil
        }
    }

    /// The same rule with its learning rate multiplied by `factor` (learning-rate schedules).
    public func scaled(by factor: Float) -> UpdateRule {
        switch self {
        case let .gradientDescent(k, d): return .gradientDescent(learningRate: k * factor, decay: d)
        case let .adam(lr, wd, b1, b2, eps): return .adam(learningRate: lr * factor, weightDecay: wd, beta1: b1, beta2: b2, epsilon: eps)
        case let .exponentiatedGradient(lr, wd): return .exponentiatedGradient(learningRate: lr * factor, weightDecay: wd)
        }
    }

    /// Whether the rule keeps per-element moments (Adam).
    public var needsMoments: Bool { if case .adam = self { return true } else { return false } }

    /// Applies one step to `count` weights. `step` is the 1-based step number (Adam's bias correction);
    /// `m` and `v` must hold `count` moments each when `needsMoments`, and are not touched otherwise.
    /// Element-wise, so any split over the worker pool gives the same bits; tensors of at least 4096
    /// elements are split over `ParallelWorkers.shared`.
    public func apply(weights w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>, count: Int,
                      step: Int, firstMoment m: UnsafeMutablePointer<Float>?, secondMoment v: UnsafeMutablePointer<Float>?) {
        let p = StepPointers(w: w, g: g, m: m, v: v)
        switch self {
        case let .gradientDescent(k, decay):
            Self.forEachChunk(count) { range in
                for e in range { p.w[e] = (1 - decay) * p.w[e] - k * p.g[e] }
            }
        case let .adam(lr, weightDecay, beta1, beta2, epsilon):
            precondition(m != nil && v != nil, "Adam needs its moments")
            let c1 = 1 - Float(Foundation.pow(Double(beta1), Double(step)))
            let c2 = 1 - Float(Foundation.pow(Double(beta2), Double(step)))
            Self.forEachChunk(count) { range in
                let m = p.m!, v = p.v!
                for e in range {
                    let ge = p.g[e] + weightDecay * p.w[e]
                    m[e] = beta1 * m[e] + (1 - beta1) * ge
                    v[e] = beta2 * v[e] + (1 - beta2) * ge * ge
                    p.w[e] -= lr * (m[e] / c1) / ((v[e] / c2).squareRoot() + epsilon)
                }
            }
        case let .exponentiatedGradient(lr, weightDecay):
            Self.forEachChunk(count) { range in
                for e in range {
                    let we = p.w[e]
                    let sign: Float = we > 0 ? 1 : (we < 0 ? -1 : 0)
                    let next = we * Foundation.exp(-lr * sign * (p.g[e] + weightDecay * we))
                    // An extreme step must not underflow a weight to 0 (it would stay 0 for ever) or overflow it
                    // to ±∞: the magnitude is kept within the finite normal range, so the sign survives.
                    p.w[e] = sign == 0 ? 0 : sign * min(max(abs(next), Float.leastNormalMagnitude), Float.greatestFiniteMagnitude)
                }
            }
        }
    }

    static func forEachChunk(_ count: Int, _ body: (Range<Int>) -> Void) {
        if count < 4096 { body(0..<count); return }
        ParallelWorkers.shared.forEachChunk(rows: count, granularity: 4096, body)
    }
}

/// Raw pointers of one step, shared by the pool's threads (each touches disjoint elements).
struct StepPointers: @unchecked Sendable {
    let w: UnsafeMutablePointer<Float>
    let g: UnsafePointer<Float>
    let m: UnsafeMutablePointer<Float>?
    let v: UnsafeMutablePointer<Float>?
}
