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
    /// reference code monitors (its "KL norm"). Rows are summed in `Double` in parallel and the row sums
    /// added in row order, so the value does not depend on the thread count.
    public var meanSquare: Float {
        let rows = couplings.rows, columns = couplings.cols
        guard rows > 0 && columns > 0 else { return 0 }
        var rowSums = [Double](repeating: 0, count: rows)
        couplings.storage.withUnsafeBufferPointer { g in
            rowSums.withUnsafeMutableBufferPointer { sums in
                let shared = RowSums(g: g.baseAddress!, sums: sums.baseAddress!)
                ParallelWorkers.shared.forEachChunk(rows: rows, granularity: 8) { range in
                    for i in range {
                        let row = shared.g + i &* columns
                        // Four interleaved Double partial sums (lane j mod 4), reduced in a fixed order.
                        var s4 = SIMD4<Double>()
                        var j = 0
                        while j &+ 4 <= columns {
                            let v = SIMD4<Double>(Double(row[j]), Double(row[j &+ 1]), Double(row[j &+ 2]),
                                                  Double(row[j &+ 3]))
                            s4 += v * v
                            j &+= 4
                        }
                        var s = (s4[0] + s4[2]) + (s4[1] + s4[3])
                        while j < columns { let v = Double(row[j]); s += v * v; j &+= 1 }
                        shared.sums[i] = s
                    }
                }
            }
        }
        var s: Double = 0
        for r in rowSums { s += r }
        return Float(s / Double(couplings.count))
    }

    struct RowSums: @unchecked Sendable {
        let g: UnsafePointer<Float>
        let sums: UnsafeMutablePointer<Double>
    }
}

extension DenseDynamics {
    /// Adds `weight · R Pᵀ` to `gradient.couplings` and `weight · Σ_c R_c` to `gradient.bias`, where R and P are
    /// the residuals and rates of the columns of `x`. Returns the mean energy of the columns.
    @discardableResult
    public func accumulate(_ x: Matrix, weight: Float, into gradient: inout LikelihoodGradient,
                           workspace: inout BatchWorkspace) -> Float {
        accumulate(x, weight: weight, into: &gradient, workspace: &workspace, ratesReady: false, overwrite: false)
    }

    /// The same with two shortcuts for the trainer: `ratesReady` reuses φ(x), φ′(x) already in the
    /// workspace (left by the last chain step), and `overwrite` replaces the gradient instead of adding to
    /// it (the product is written with β = 0, so no separate pass zeroes the N × N matrix).
    func accumulate(_ x: Matrix, weight: Float, into gradient: inout LikelihoodGradient,
                    workspace: inout BatchWorkspace, ratesReady: Bool, overwrite: Bool) -> Float {
        evaluate(x, &workspace, ratesReady: ratesReady)
        KernelBindings.gemm(workspace.residual, transposeA: false, workspace.rates, transposeB: true,
                            into: &gradient.couplings, alpha: weight, beta: overwrite ? 0 : 1)
        if overwrite { gradient.bias.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        let total = Elementwise.residualRowStatistics(workspace.residual, weight: weight, bias: &gradient.bias)
        return total / Float(max(x.cols, 1))
    }
}
