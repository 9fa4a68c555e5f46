/// The Neural Langevin Machine's learning rule, phase-free: at synapse (i ← j),
///
///     ΔJᵢⱼ = Δt·[η(⟨rᵢ φⱼ⟩_evoked − ⟨rᵢ φⱼ⟩_spontaneous) − λ Jᵢⱼ],   Δbᵢ = Δt·η(⟨rᵢ⟩_evoked − ⟨rᵢ⟩_spontaneous),
///
/// where rᵢ = xᵢ − hᵢ − bᵢ is the postsynaptic residual, φⱼ the presynaptic rate as received, ⟨·⟩ the mean
/// over the compartment's chains, and Δt the time since the synapse last learned. The evoked term is the
/// data term of the likelihood gradient and the spontaneous term the model term (Yu, Huang & Huang 2025:
/// ΔJ ∝ (⟨rφᵀ⟩_data − ⟨rφᵀ⟩_model)/T). It reads no phase and nothing global.
///
/// `learningRate` and `decay` are per unit time: the dense trainer's step k, decay λ and the n_t·dt of
/// simulated time between its updates give η = k/(T·n_t·dt), λ_t = λ/(n_t·dt).
public struct PhaseFreeNLMRule: PlasticityRule {
    public var learningRate: Float
    public var decay: Float

    public init(learningRate: Float, decay: Float = 0) {
        self.learningRate = learningRate
        self.decay = decay
    }

    public func weightChange(_ s: SynapseView) -> Float {
        let post = s.postsynaptic, pre = s.presynaptic
        let re = post.residual(.evoked), rs = post.residual(.spontaneous)
        let data = re.dot(pre.rate(.evoked)) / Float(max(re.count, 1))
        let model = rs.dot(pre.rate(.spontaneous)) / Float(max(rs.count, 1))
        return s.elapsed * (learningRate * (data - model) - decay * s.weight)
    }

    public func biasChange(_ b: BiasView) -> Float {
        let re = b.postsynaptic.residual(.evoked), rs = b.postsynaptic.residual(.spontaneous)
        return b.elapsed * learningRate * (re.sum() / Float(max(re.count, 1)) - rs.sum() / Float(max(rs.count, 1)))
    }
}

/// The classic alternative: the same terms, but a global signal decides which one a synapse applies —
/// the evoked (data) term during wake, the spontaneous (model) term during sleep, each phase as long as
/// the phase-free learner's update period, so one wake + sleep cycle changes Jᵢⱼ by the same expected amount
/// as one phase-free period (the decay is halved for the same reason).
public struct WakeSleepNLMRule: PlasticityRule {
    public var learningRate: Float
    public var decay: Float

    public init(learningRate: Float, decay: Float = 0) {
        self.learningRate = learningRate
        self.decay = decay
    }

    public func weightChange(_ s: SynapseView) -> Float {
        let post = s.postsynaptic, pre = s.presynaptic
        switch post.phase {
        case .wake:
            let re = post.residual(.evoked)
            return s.elapsed * (learningRate * re.dot(pre.rate(.evoked)) / Float(max(re.count, 1)) - 0.5 * decay * s.weight)
        case .sleep:
            let rs = post.residual(.spontaneous)
            return s.elapsed * (-learningRate * rs.dot(pre.rate(.spontaneous)) / Float(max(rs.count, 1)) - 0.5 * decay * s.weight)
        case .concurrent:
            return 0
        }
    }

    public func biasChange(_ b: BiasView) -> Float {
        switch b.postsynaptic.phase {
        case .wake:
            let re = b.postsynaptic.residual(.evoked)
            return b.elapsed * learningRate * re.sum() / Float(max(re.count, 1))
        case .sleep:
            let rs = b.postsynaptic.residual(.spontaneous)
            return -b.elapsed * learningRate * rs.sum() / Float(max(rs.count, 1))
        case .concurrent:
            return 0
        }
    }
}
