import DenseKernels
import LangevinMachine

/// Block Gibbs sampling of a batch of chains (columns of an n × B matrix), one
/// ``BoltzmannArchitecture/gibbsGroups`` group at a time.
///
/// Unit i of chain c at sweep t fires when U < σ(β(uᵢ) + (1 − β)aᵢ), U = uniform c of stream (purpose, t, i):
/// at β = 1 this is the machine's own conditional; intermediate β give the annealing path of
/// ``AnnealedImportanceSampling`` between the independent units with biases a (β = 0) and the machine.
public enum GibbsSampler {
    /// One sweep over all groups (the visible group skipped when `clampVisible`). With `freeVisible`
    /// (visible × B) only its entries equal to 1 are resampled, the others stay clamped; `visibleField` is added
    /// to the visible inputs (evidence, see ``ClampedInference``). `visibleProbabilities`, when given, receives
    /// the visible units' firing probabilities of this sweep (visible × B).
    public static func sweep(_ model: BoltzmannMachine, states x: inout Matrix, seed: UInt64, purpose: RandomPurpose,
                             step: UInt64, clampVisible: Bool = false, beta: Float = 1, baseBias: [Float]? = nil,
                             freeVisible: Matrix? = nil, visibleField: Matrix? = nil, visibleProbabilities: UnsafeMutablePointer<Float>? = nil) {
        let batch = x.cols, nv = model.visibleCount
        let groups = model.architecture.gibbsGroups
        var u = [Float](repeating: 0, count: (groups.map(\.count).max() ?? 0) * batch)
        var scratch = [Float](repeating: 0, count: batch)
        for group in groups {
            if clampVisible && group.lowerBound < nv { continue }
            x.storage.withUnsafeMutableBufferPointer { px in
                u.withUnsafeMutableBufferPointer { pu in
                    scratch.withUnsafeMutableBufferPointer { ps in
                        model.inputs(rows: group, of: UnsafePointer(px.baseAddress!), batch: batch, into: pu.baseAddress!)
                        for (k, i) in group.enumerated() {
                            let row = pu.baseAddress! + k * batch
                            let a = baseBias?[i] ?? 0
                            let visible = i < nv
                            for c in 0..<batch {
                                let field = visible ? visibleField?[i, c] ?? 0 : 0
                                row[c] = BinaryUnits.firingProbability(beta == 1 ? row[c] + field : beta * row[c] + (1 - beta) * a)
                            }
                            if visible, let out = visibleProbabilities { (out + i * batch).update(from: row, count: batch) }
                            let target = px.baseAddress! + i * batch
                            if visible, let free = freeVisible {
                                // Resample into scratch space, then copy only the free entries.
                                var fresh = [Float](repeating: 0, count: batch)
                                fresh.withUnsafeMutableBufferPointer { f in
                                    BinaryUnits.sampleRow(f.baseAddress!, probabilities: row, count: batch, seed: seed,
                                                          purpose: purpose, step: step, neuron: i, scratch: ps)
                                }
                                for c in 0..<batch where free[i, c] == 1 { target[c] = fresh[c] }
                            } else {
                                BinaryUnits.sampleRow(target, probabilities: row, count: batch, seed: seed,
                                                      purpose: purpose, step: step, neuron: i, scratch: ps)
                            }
                        }
                    }
                }
            }
        }
    }

    /// `sweeps` sweeps, numbered `firstStep`, `firstStep + 1`, ….
    public static func run(_ model: BoltzmannMachine, states x: inout Matrix, sweeps: Int, seed: UInt64,
                           purpose: RandomPurpose, firstStep: UInt64 = 0, clampVisible: Bool = false) {
        for t in 0..<sweeps {
            sweep(model, states: &x, seed: seed, purpose: purpose, step: firstStep + UInt64(t), clampVisible: clampVisible)
        }
    }

    /// B chains of independent fair coins (stream (chainInit, 0, i), index c).
    public static func randomStates(units n: Int, chains: Int, seed: UInt64) -> Matrix {
        var x = Matrix(rows: n, cols: chains)
        for i in 0..<n {
            let s = NoiseStreams.random(seed: seed, .chainInit, step: 0, neuron: i)
            for c in 0..<chains { x[i, c] = s.uniform(UInt64(c)) < 0.5 ? 1 : 0 }
        }
        return x
    }
}
