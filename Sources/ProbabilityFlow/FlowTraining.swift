import DenseKernels
import Foundation
import LangevinMachine
import Optimization

/// How a model learns.
public enum LearningMethod: Sendable, Equatable {
    /// MPF on the joint (v, μ) (VPF; plain MPF for a fully visible machine). `sampledHidden`: draw h ~ q(h | v)
    /// instead of using the rates μ (see ``ProbabilityFlowObjective``).
    case probabilityFlow(sampledHidden: Bool)
    /// Contrastive divergence with k Gibbs sweeps from the data.
    case contrastiveDivergence(k: Int)
    /// Persistent contrastive divergence: `chains` persistent chains, k sweeps per update.
    case persistentContrastiveDivergence(k: Int, chains: Int)

    public var name: String {
        switch self {
        case let .probabilityFlow(sampled): return sampled ? "VPF-sampled" : "VPF"
        case let .contrastiveDivergence(k): return "CD-\(k)"
        case let .persistentContrastiveDivergence(k, _): return k == 1 ? "PCD" : "PCD-\(k)"
        }
    }
}

/// One model, one method, one optimiser: `step(visible:)` takes one minibatch update.
///
/// Randomness: Gibbs sweeps of update t use stream (trainingNoise, t·k + sweep, unit); hidden draws of VPF
/// use (trainingNoise, t, unit) too (the two methods never share a model). So a seed fixes every bit.
public struct FlowTraining: Sendable {
    public var model: BoltzmannMachine
    public var optimizer: TensorOptimizer
    public let method: LearningMethod
    public let seed: UInt64
    public let meanFieldSweeps: Int
    public private(set) var steps = 0
    /// The persistent chains of PCD (n × chains).
    public private(set) var chains: Matrix?

    public init(model: BoltzmannMachine, method: LearningMethod, rule: UpdateRule, seed: UInt64, meanFieldSweeps: Int? = nil) {
        self.model = model
        self.method = method
        self.optimizer = TensorOptimizer(rule: rule)
        self.seed = seed
        self.meanFieldSweeps = meanFieldSweeps ?? MeanField.sufficientSweeps(model.architecture)
        if case let .persistentContrastiveDivergence(_, count) = method {
            chains = GibbsSampler.randomStates(units: model.unitCount, chains: count, seed: seed &+ 0x5043_44)
        }
    }

    /// One update from a minibatch of visible states (nv × B). Returns the method's own objective on the batch:
    /// K for VPF; for CD the squared visible error of the negative batch, for PCD of a one-sweep reconstruction.
    @discardableResult
    public mutating func step(visible: Matrix) -> Double {
        let t = UInt64(steps)
        steps += 1
        var positive = MeanField.posterior(model, visible: visible, sweeps: meanFieldSweeps)
        switch method {
        case let .probabilityFlow(sampledHidden):
            if sampledHidden {
                GibbsSampler.sweep(model, states: &positive, seed: seed, purpose: .trainingNoise, step: t, clampVisible: true)
            }
            let (k, gw, gb) = ProbabilityFlowObjective.objectiveAndGradient(model, states: positive)
            model.apply((gw, gb), optimizer: &optimizer)
            return k
        case let .contrastiveDivergence(k):
            // h₀ ~ q(h | v) (a sweep with the visible units clamped), then k full sweeps v₁ ~ p(v | h₀), h₁ ~ p(h | v₁), ….
            var negative = positive
            let base = t * UInt64(k + 1)
            if model.architecture.hiddenCount > 0 {
                GibbsSampler.sweep(model, states: &negative, seed: seed, purpose: .trainingNoise, step: base, clampVisible: true)
            }
            GibbsSampler.run(model, states: &negative, sweeps: k, seed: seed, purpose: .trainingNoise, firstStep: base + 1)
            let error = Self.visibleError(visible, negative)
            model.apply(ContrastiveDivergence.gradient(model, positive: positive, negative: negative), optimizer: &optimizer)
            return error
        case let .persistentContrastiveDivergence(k, _):
            var negative = chains!
            for sweep in 0..<k {
                GibbsSampler.sweep(model, states: &negative, seed: seed, purpose: .trainingNoise, step: t * UInt64(k) + UInt64(sweep))
            }
            chains = negative
            var reconstruction = positive
            GibbsSampler.sweep(model, states: &reconstruction, seed: seed, purpose: .samplingNoise, step: t)
            let error = Self.visibleError(visible, reconstruction)
            model.apply(ContrastiveDivergence.gradient(model, positive: positive, negative: negative), optimizer: &optimizer)
            return error
        }
    }

    /// Mean over the batch of Σ_visible (vᵢ − v̂ᵢ)².
    static func visibleError(_ v: Matrix, _ x: Matrix) -> Double {
        var total = 0.0
        for e in 0..<v.count { let d = Double(v.storage[e] - x.storage[e]); total += d * d }
        return total / Double(v.cols)
    }
}
