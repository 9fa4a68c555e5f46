import DenseKernels
import Foundation

/// Minimum probability flow (MPF; Sohl-Dickstein, Battaglino & DeWeese 2011) with the single-bit-flip
/// neighbourhood, and its exact gradient.
///
/// Flipping unit i of state x changes the energy by E(x⁽ⁱ⁾) − E(x) = (2xᵢ − 1)uᵢ with uᵢ = Σⱼ Wᵢⱼxⱼ + bᵢ, so
///
///     K(θ) = (1/|D|) Σ_{x∈D} Σᵢ exp(½[E(x) − E(x⁽ⁱ⁾)]) = (1/|D|) Σ_{x∈D} Σᵢ kᵢ,   kᵢ = exp(−½(2xᵢ − 1)uᵢ).
///
/// With Fᵢ = ∂kᵢ/∂uᵢ = −½(2xᵢ − 1)kᵢ (the *postsynaptic factor*, a function of unit i's own state and input):
///
///     ∂K/∂bᵢ  = ⟨Fᵢ⟩,
///     ∂K/∂Wᵢⱼ = ⟨Fᵢ xⱼ⟩ + ⟨Fⱼ xᵢ⟩   (symmetric W: one parameter shared by the synapses i ← j and j ← i),
///     ∂K/∂Wᵢⱼ = ⟨Fᵢ xⱼ⟩             (asymmetric variant: synapse i ← j keeps only its postsynaptic flip term).
///
/// So the descent step of synapse i ← j is ΔWᵢⱼ = −η Fᵢ(xᵢ, uᵢ) xⱼ: post factor × pre state, local; a
/// symmetric pair adds the two such terms of its two synapses. No sample from the model is needed.
///
/// VPF (our reading of Liu, Quek & Lin 2018, whose update formulas we could not retrieve): the hidden rows of
/// x hold the mean-field firing rates μ = σ(u) of the variational posterior q(h | v) (``MeanField``), held
/// fixed while θ takes the flow step (an EM-like alternation; the dependence of μ on θ is not
/// differentiated). The same formulas then apply to the joint (v, μ), with (2μᵢ − 1) in place of (2sᵢ − 1):
/// every synapse update uses the states of adjacent visible units and the rates of adjacent hidden units.
/// Substituting μ for h inside the exponential is our choice; ``VariationalFlow`` can also draw h ~ q.
public enum ProbabilityFlowObjective {
    /// kᵢ = exp(−½(2xᵢ − 1)uᵢ): the flow out of state x through a flip of unit i.
    @inlinable @inline(__always)
    public static func flowRate(state x: Float, input u: Float) -> Float {
        Foundation.exp(-0.5 * (2 * x - 1) * u)
    }

    /// Fᵢ = ∂kᵢ/∂uᵢ = −½(2xᵢ − 1) exp(−½(2xᵢ − 1)uᵢ): what the postsynaptic unit contributes to the update
    /// of each of its synapses and of its bias.
    @inlinable @inline(__always)
    public static func postsynapticFactor(state x: Float, input u: Float) -> Float {
        -0.5 * (2 * x - 1) * flowRate(state: x, input: u)
    }

    /// K for the batch `x` (n × B, columns = data points; hidden rows may hold rates), and its gradient
    /// (∂K/∂W on existing synapses, ∂K/∂b). All n units' flips count. `columnWeights` (summing to 1) replace
    /// the uniform 1/B weights of the data points (a distribution over enumerated states).
    public static func objectiveAndGradient(_ model: BoltzmannMachine, states x: Matrix, columnWeights: [Float]? = nil)
        -> (objective: Double, weights: Matrix, bias: [Float]) {
        let n = model.unitCount, batch = x.cols
        let u = model.inputs(x)
        var factor = Matrix(rows: n, cols: batch)
        var objective = 0.0
        var biasGradient = [Float](repeating: 0, count: n)
        let weight = columnWeights ?? [Float](repeating: 1 / Float(batch), count: batch)
        precondition(weight.count == batch, "one weight per column")
        for i in 0..<n {
            var rowSum = 0.0, factorSum: Float = 0
            for c in 0..<batch {
                let xi = x.storage[i * batch + c], ui = u.storage[i * batch + c]
                let k = flowRate(state: xi, input: ui)
                rowSum += Double(weight[c] * k)
                let f = -0.5 * (2 * xi - 1) * k * weight[c]
                factor.storage[i * batch + c] = f
                factorSum += f
            }
            objective += rowSum
            biasGradient[i] = factorSum
        }
        var g = model.outerProduct(factor, x, alpha: 1)
        if model.symmetric {
            let gt = g.transposed()
            for e in 0..<(n * n) { g.storage[e] += gt.storage[e] }
        }
        return (objective, g, biasGradient)
    }

    /// K alone, accumulated in double precision (for finite-difference checks).
    public static func objective(_ model: BoltzmannMachine, states x: Matrix) -> Double {
        let u = model.inputs(x)
        var total = 0.0
        for e in 0..<x.storage.count {
            total += Foundation.exp(-0.5 * Double(2 * x.storage[e] - 1) * Double(u.storage[e]))
        }
        return total / Double(x.cols)
    }
}
