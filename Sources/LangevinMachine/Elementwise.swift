import DenseKernels

/// The element-wise passes of the dense path, each a single sweep over an N × B batch, written as simple
/// counted loops over raw pointers so that LLVM's loop vectoriser widens them. Every formula is the
/// per-neuron one from ``NeuronDynamics``.
enum Elementwise {
    /// P = tanh(X), D = 1 − P².
    static func ratesAndSlopes(_ x: [Float], rates: inout [Float], slopes: inout [Float]) {
        precondition(rates.count == x.count && slopes.count == x.count)
        x.withUnsafeBufferPointer { xs in
            rates.withUnsafeMutableBufferPointer { ps in
                slopes.withUnsafeMutableBufferPointer { ds in
                    KernelBindings.ratesAndSlopes(xs, rates: ps, slopes: ds)
                }
            }
        }
    }

    /// R ← X − R − b (R holds the drive J·φ(X) on entry).
    static func residual(membrane x: Matrix, bias: [Float], drive: inout Matrix) {
        let columns = x.cols
        x.storage.withUnsafeBufferPointer { xs in
            bias.withUnsafeBufferPointer { bs in
                drive.storage.withUnsafeMutableBufferPointer { rs in
                    for i in 0..<x.rows {
                        let b = bs[i]
                        let base = i &* columns
                        for c in 0..<columns {
                            rs[base &+ c] = NeuronDynamics.residual(membrane: xs[base &+ c], drive: rs[base &+ c], bias: b)
                        }
                    }
                }
            }
        }
    }

    /// E_c = ½ Σᵢ R_ic² for every column c, summed over rows in order (deterministic).
    static func columnHalfSquaredNorms(_ r: Matrix) -> [Float] {
        var sums = [Float](repeating: 0, count: r.cols)
        let columns = r.cols
        r.storage.withUnsafeBufferPointer { rs in
            sums.withUnsafeMutableBufferPointer { s in
                for i in 0..<r.rows {
                    let base = i &* columns
                    for c in 0..<columns { s[c] += NeuronDynamics.energy(residual: rs[base &+ c]) }
                }
            }
        }
        return sums
    }

    /// X ← X + dt·(D ⊙ F − R) + s·Ξ, where row i of Ξ is drawn from the stream (purpose, step, neuron i),
    /// values `firstChain ..< firstChain + B`.
    static func eulerMaruyama(_ x: inout Matrix, _ w: BatchWorkspace, dt: Float, noiseScale: Float,
                              step: UInt64, noise: NoiseSource) {
        let columns = x.cols
        var xi = [Float](repeating: 0, count: columns)
        let withNoise = noiseScale > 0
        x.storage.withUnsafeMutableBufferPointer { xs in
            w.residual.storage.withUnsafeBufferPointer { rs in
                w.slopes.storage.withUnsafeBufferPointer { ds in
                    w.feedback.storage.withUnsafeBufferPointer { fs in
                        xi.withUnsafeMutableBufferPointer { noiseRow in
                            for i in 0..<x.rows {
                                if withNoise {
                                    NoiseStreams.random(seed: noise.seed, noise.purpose, step: step, neuron: i)
                                        .fillGaussian(noiseRow, startingAt: noise.firstChain)
                                }
                                let base = i &* columns
                                for c in 0..<columns {
                                    let k = base &+ c
                                    xs[k] = NeuronDynamics.eulerMaruyama(
                                        membrane: xs[k], residual: rs[k], slope: ds[k], feedback: fs[k],
                                        dt: dt, noiseScale: noiseScale, noise: noiseRow[c])
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
