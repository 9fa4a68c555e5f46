import NeuralAgents

/// The MPF/VPF update as a local plasticity rule of the event-driven engine.
///
/// For synapse (i ← j), with the postsynaptic unit's rate xᵢ (its state, or its mean-field rate when it is a
/// hidden unit of VPF) and membrane uᵢ = Σⱼ Wᵢⱼxⱼ + bᵢ, and the presynaptic rate xⱼ it received:
///
///     ΔWᵢⱼ = −η ⟨Fᵢ xⱼ⟩_chains,   Δbᵢ = −η ⟨Fᵢ⟩_chains,   Fᵢ = −½(2xᵢ − 1) exp(−½(2xᵢ − 1)uᵢ)
///
/// (``ProbabilityFlowObjective/postsynapticFactor(state:input:)``), the chains being the data points of a
/// minibatch. It reads the post's own rate and membrane and the pre's transmitted rate, nothing else. A
/// symmetric connection adds its two synapses' changes (done by the host); the asymmetric variant keeps them
/// separate, which is exactly ∂K/∂Wᵢⱼ of the asymmetric objective.
public struct ProbabilityFlowRule: PlasticityRule {
    public var learningRate: Float

    public init(learningRate: Float) { self.learningRate = learningRate }

    public func weightChange(_ synapse: SynapseView) -> Float {
        let post = synapse.postsynaptic, x = post.rate(.evoked), u = post.membrane(.evoked)
        let pre = synapse.presynaptic.rate(.evoked)
        var sum: Float = 0
        for c in 0..<x.count { sum += ProbabilityFlowObjective.postsynapticFactor(state: x[c], input: u[c]) * pre[c] }
        return -learningRate * sum / Float(x.count)
    }

    public func biasChange(_ neuron: BiasView) -> Float {
        let post = neuron.postsynaptic, x = post.rate(.evoked), u = post.membrane(.evoked)
        var sum: Float = 0
        for c in 0..<x.count { sum += ProbabilityFlowObjective.postsynapticFactor(state: x[c], input: u[c]) }
        return -learningRate * sum / Float(x.count)
    }
}
