import DenseKernels

/// The maximum-likelihood gradient of an NLM, accumulated from batches of states.
///
/// With E = ½‖r‖², ∂E/∂Jᵢⱼ = −rᵢφ(xⱼ) and ∂E/∂bᵢ = −rᵢ, the gradient of the negative log-likelihood under
/// P(x) ∝ exp(−E(x)/T) is
///
///     G_J = (⟨r φᵀ⟩_model − ⟨r φᵀ⟩_data) / T,   G_b = (⟨r⟩_model − ⟨r⟩_data) / T,
///
/// a product of the postsynaptic residual and the presynaptic rate (local and asymmetric). A batch
/// contributes `weight · R Pᵀ` with weight +1/(T·B) for model chains and −1/(T·B) for data.
public struct LikelihoodGradient: Sendable, Equatable {
    public var couplings: Matrix
    public var bias: [Float]

    public init(neurons: Int) {
        couplings = Matrix(rows: neurons, cols: neurons)
        bias = [Float](repeating: 0, count: neurons)
    }

    /// Sets every entry to zero.
    public mutating func reset() {
        couplings.storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        bias.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// The moment mismatch mean((⟨rφᵀ⟩_model − ⟨rφᵀ⟩_data)² / T²) over all N² entries: the quantity the
    /// reference code monitors (its "KL norm").
    public var meanSquare: Float {
        var s: Double = 0
        for v in couplings.storage { s += Double(v) * Double(v) }
        return Float(s / Double(max(couplings.count, 1)))
    }
}

extension DenseDynamics {
    /// Adds `weight · R Pᵀ` to `gradient.couplings` and `weight · Σ_c R_c` to `gradient.bias`, where R and P are
    /// the residuals and rates of the columns of `x`. Returns the mean energy of the columns.
    @discardableResult
    public func accumulate(_ x: Matrix, weight: Float, into gradient: inout LikelihoodGradient,
                           workspace: inout BatchWorkspace) -> Float {
        evaluate(x, &workspace)
        KernelBindings.gemm(workspace.residual, transposeA: false, workspace.rates, transposeB: true,
                            into: &gradient.couplings, alpha: weight, beta: 1)
        let columns = x.cols
        workspace.residual.storage.withUnsafeBufferPointer { rs in
            for i in 0..<x.rows {
                var s: Float = 0
                for c in 0..<columns { s += rs[i * columns + c] }
                gradient.bias[i] += weight * s
            }
        }
        let e = energies(workspace)
        return e.reduce(0, +) / Float(max(e.count, 1))
    }
}
