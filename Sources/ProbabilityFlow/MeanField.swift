import DenseKernels

/// Mean-field (variational) inference: the factorised q(s_free) = Πᵢ μᵢ^{sᵢ}(1 − μᵢ)^{1−sᵢ} that minimises
/// KL(q ‖ p(· | clamped)) satisfies μᵢ = σ(Σⱼ Wᵢⱼ xⱼ + bᵢ) with the other free units at their rates; we
/// iterate it group by group (Gauss–Seidel in ``BoltzmannArchitecture/gibbsGroups`` order).
public enum MeanField {
    /// Relaxes the free rows of `x` (n × B) towards the fixed point for `sweeps` sweeps. Hidden units are
    /// always free. Visible units are clamped, except entries with `freeVisible[i, c] == 1`
    /// (`freeVisible` is visible × B), which are inferred too (reconstruction of missing pixels).
    /// For an RBM with clamped visible units one sweep is exact: μ = σ(W_hv v + b_h). `visibleField`
    /// (visible × B) is added to the inputs of the visible units (evidence about them, see ``ClampedInference``).
    public static func relax(_ model: BoltzmannMachine, states x: inout Matrix, sweeps: Int, freeVisible: Matrix? = nil,
                             visibleField: Matrix? = nil) {
        let batch = x.cols, nv = model.visibleCount
        let groups = model.architecture.gibbsGroups
        var u = [Float](repeating: 0, count: (groups.map(\.count).max() ?? 0) * batch)
        for _ in 0..<sweeps {
            for group in groups {
                let visibleGroup = group.lowerBound < nv
                if visibleGroup && freeVisible == nil { continue }
                x.storage.withUnsafeBufferPointer { px in
                    u.withUnsafeMutableBufferPointer { pu in
                        model.inputs(rows: group, of: px.baseAddress!, batch: batch, into: pu.baseAddress!)
                    }
                }
                for (k, i) in group.enumerated() {
                    for c in 0..<batch where !visibleGroup || freeVisible![i, c] == 1 {
                        let field = visibleGroup ? visibleField?[i, c] ?? 0 : 0
                        x.storage[i * batch + c] = BinaryUnits.firingProbability(u[k * batch + c] + field)
                    }
                }
            }
        }
    }

    /// The joint batch (n × B) whose visible rows are `visible` (nv × B) and hidden rows the mean-field
    /// rates after `sweeps` sweeps from μ = ½.
    public static func posterior(_ model: BoltzmannMachine, visible: Matrix, sweeps: Int) -> Matrix {
        var x = Matrix(rows: model.unitCount, cols: visible.cols, repeating: 0.5)
        x.storage.replaceSubrange(0..<visible.count, with: visible.storage)
        relax(model, states: &x, sweeps: sweeps)
        return x
    }

    /// Sweeps enough for the architecture: 1 for an RBM (exact), else `iterative`.
    public static func sufficientSweeps(_ a: BoltzmannArchitecture, iterative: Int = 10) -> Int {
        a.layers.count == 2 && !a.intraLayer[1] ? 1 : iterative
    }
}
