import DenseKernels

/// The maximum-likelihood gradient estimated from a positive batch (data, hidden rates from
/// ``MeanField``) and a negative batch (model samples): for L = −log p(v),
///
///     ∂L/∂Wᵢⱼ = −(⟨xᵢxⱼ⟩₊ − ⟨xᵢxⱼ⟩₋),   ∂L/∂bᵢ = −(⟨xᵢ⟩₊ − ⟨xᵢ⟩₋).
///
/// CD-k (Hinton 2002) takes the negative batch from k Gibbs sweeps started at the data; PCD (Tieleman 2008)
/// from persistent chains advanced k sweeps per update. Both need samples ("confabulations") from the model,
/// unlike ``ProbabilityFlowObjective``. Each synapse's update is again pre × post, but in two phases.
/// For the asymmetric variant the same (symmetric) update is applied to both synapses of a pair.
public enum ContrastiveDivergence {
    public static func gradient(_ model: BoltzmannMachine, positive: Matrix, negative: Matrix) -> (weights: Matrix, bias: [Float]) {
        let n = model.unitCount
        var g = model.outerProduct(positive, positive, alpha: -1 / Float(positive.cols))
        let neg = model.outerProduct(negative, negative, alpha: 1 / Float(negative.cols))
        for e in 0..<(n * n) { g.storage[e] += neg.storage[e] }
        var bias = [Float](repeating: 0, count: n)
        for i in 0..<n {
            var p: Float = 0, q: Float = 0
            for c in 0..<positive.cols { p += positive[i, c] }
            for c in 0..<negative.cols { q += negative[i, c] }
            bias[i] = -(p / Float(positive.cols) - q / Float(negative.cols))
        }
        return (g, bias)
    }
}
