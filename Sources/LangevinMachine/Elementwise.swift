import DenseKernels

/// The element-wise passes of the dense path, each a single sweep over an N × B batch, written as simple
/// counted loops over raw pointers so that LLVM's loop vectoriser widens them, and split by rows (or, for
/// column sums, by columns) over the persistent worker pool. Every element is computed by exactly one
/// thread in a fixed order, so results do not depend on the thread count. Every formula is the per-neuron
/// one from ``NeuronDynamics``.
enum Elementwise {
    /// Raw pointers to a batch's buffers, shareable across the pool's threads for one pass.
    struct Buffers: @unchecked Sendable {
        var x: UnsafeMutablePointer<Float>
        var rates: UnsafeMutablePointer<Float>
        var slopes: UnsafeMutablePointer<Float>
        var residual: UnsafeMutablePointer<Float>
        var feedback: UnsafeMutablePointer<Float>
    }

    /// Runs `body` with pointers into `x` and the workspace.
    static func withBuffers<R>(_ x: inout Matrix, _ w: inout BatchWorkspace, _ body: (Buffers) -> R) -> R {
        x.storage.withUnsafeMutableBufferPointer { xs in
            w.rates.storage.withUnsafeMutableBufferPointer { ps in
                w.slopes.storage.withUnsafeMutableBufferPointer { ds in
                    w.residual.storage.withUnsafeMutableBufferPointer { rs in
                        w.feedback.storage.withUnsafeMutableBufferPointer { fs in
                            body(Buffers(x: xs.baseAddress!, rates: ps.baseAddress!, slopes: ds.baseAddress!,
                                         residual: rs.baseAddress!, feedback: fs.baseAddress!))
                        }
                    }
                }
            }
        }
    }

    /// Runs `body` with pointers into a read-only `x` and the workspace, without copying `x` (the passes
    /// given these buffers must not write `b.x`).
    static func withBuffers<R>(reading x: Matrix, _ w: inout BatchWorkspace, _ body: (Buffers) -> R) -> R {
        x.storage.withUnsafeBufferPointer { xs in
            w.rates.storage.withUnsafeMutableBufferPointer { ps in
                w.slopes.storage.withUnsafeMutableBufferPointer { ds in
                    w.residual.storage.withUnsafeMutableBufferPointer { rs in
                        w.feedback.storage.withUnsafeMutableBufferPointer { fs in
                            body(Buffers(x: UnsafeMutablePointer(mutating: xs.baseAddress!), rates: ps.baseAddress!,
                                         slopes: ds.baseAddress!, residual: rs.baseAddress!, feedback: fs.baseAddress!))
                        }
                    }
                }
            }
        }
    }

    /// P = tanh(X), D = 1 − P² (rational tanh, |error| ≤ 1e-6).
    static func ratesAndSlopes(_ b: Buffers, rows: Int, columns: Int) {
        ParallelWorkers.shared.forEachChunk(rows: rows) { range in
            let start = range.lowerBound &* columns
            Tanh.mapWithDerivative(b.x + start, value: b.rates + start, derivative: b.slopes + start,
                                   count: range.count &* columns)
        }
    }

    /// R ← X − R − b (R holds the drive J·φ(X) on entry).
    static func residual(_ b: Buffers, bias: UnsafePointer<Float>, rows: Int, columns: Int) {
        ParallelWorkers.shared.forEachChunk(rows: rows) { range in
            for i in range {
                let bi = bias[i]
                let x = b.x + i &* columns, r = b.residual + i &* columns
                for c in 0..<columns {
                    r[c] = NeuronDynamics.residual(membrane: x[c], drive: r[c], bias: bi)
                }
            }
        }
    }

    /// Row statistics of the residuals for the learning gradient, split by rows over the pool:
    /// `bias[i] += weight · Σ_c R_ic` and the total energy `½ Σ_ic R_ic²`, each row summed in eight
    /// interleaved partial sums reduced in a fixed order, then the rows' energies summed in row order: the
    /// result does not depend on the thread count.
    static func residualRowStatistics(_ r: Matrix, weight: Float, bias: inout [Float]) -> Float {
        let rows = r.rows, columns = r.cols
        var halfSquares = [Float](repeating: 0, count: rows)
        r.storage.withUnsafeBufferPointer { rs in
            bias.withUnsafeMutableBufferPointer { bs in
                halfSquares.withUnsafeMutableBufferPointer { hs in
                    let shared = RowStatistics(r: rs.baseAddress!, bias: bs.baseAddress!, halfSquares: hs.baseAddress!)
                    ParallelWorkers.shared.forEachChunk(rows: rows, granularity: 8) { range in
                        for i in range {
                            let row = shared.r + i &* columns
                            // Eight interleaved partial sums (lane c mod 8), reduced in a fixed order.
                            var s8 = SIMD8<Float>(), e8 = SIMD8<Float>()
                            var c = 0
                            while c &+ 8 <= columns {
                                let v = UnsafeRawPointer(row + c).loadUnaligned(as: SIMD8<Float>.self)
                                s8 += v
                                e8 += 0.5 * v * v
                                c &+= 8
                            }
                            var s = ((s8[0] + s8[4]) + (s8[2] + s8[6])) + ((s8[1] + s8[5]) + (s8[3] + s8[7]))
                            var e = ((e8[0] + e8[4]) + (e8[2] + e8[6])) + ((e8[1] + e8[5]) + (e8[3] + e8[7]))
                            while c < columns {
                                s += row[c]
                                e += NeuronDynamics.energy(residual: row[c])
                                c &+= 1
                            }
                            shared.bias[i] += weight * s
                            shared.halfSquares[i] = e
                        }
                    }
                }
            }
        }
        var total: Float = 0
        for e in halfSquares { total += e }
        return total
    }

    struct RowStatistics: @unchecked Sendable {
        let r: UnsafePointer<Float>
        let bias: UnsafeMutablePointer<Float>
        let halfSquares: UnsafeMutablePointer<Float>
    }

    /// E_c = ½ Σᵢ R_ic² for every column c, summed over rows in increasing order (deterministic).
    static func columnHalfSquaredNorms(_ r: Matrix) -> [Float] {
        var sums = [Float](repeating: 0, count: r.cols)
        let columns = r.cols, rows = r.rows
        r.storage.withUnsafeBufferPointer { rs in
            sums.withUnsafeMutableBufferPointer { s in
                for i in 0..<rows {
                    let row = rs.baseAddress! + i &* columns
                    for c in 0..<columns { s[c] += NeuronDynamics.energy(residual: row[c]) }
                }
            }
        }
        return sums
    }

    /// X ← X + dt·(D ⊙ F − R) + s·Ξ, where row i of Ξ is drawn from the stream (purpose, step, neuron i),
    /// values `firstChain ..< firstChain + B`.
    ///
    /// With `nextRates`, the same sweep also writes P = tanh(X), D = 1 − P² of the *new* X (the first pass
    /// of the next step, or of the model term after the last step), bit-identical to ``ratesAndSlopes``
    /// but without a second sweep over X and a second fork–join.
    static func eulerMaruyama(_ b: Buffers, rows: Int, columns: Int, dt: Float, noiseScale: Float,
                              step: UInt64, noise: NoiseSource, nextRates: Bool = false) {
        let withNoise = noiseScale > 0
        ParallelWorkers.shared.run { context in
            let range = context.chunk(of: rows)
            guard !range.isEmpty else { return }
            let xi = UnsafeMutableBufferPointer(start: context.privateScratch(columns), count: columns)
            if !withNoise { xi.update(repeating: 0) }
            for i in range {
                if withNoise {
                    NoiseStreams.random(seed: noise.seed, noise.purpose, step: step, neuron: i)
                        .fillGaussian(xi, startingAt: noise.firstChain)
                }
                let o = i &* columns
                let x = b.x + o, r = b.residual + o, d = b.slopes + o, f = b.feedback + o, p = b.rates + o
                let z = xi.baseAddress!
                if nextRates {
                    var c = 0
                    while c < columns {
                        let v = NeuronDynamics.eulerMaruyama(membrane: x[c], residual: r[c], slope: d[c], feedback: f[c],
                                                             dt: dt, noiseScale: noiseScale, noise: z[c])
                        x[c] = v
                        let t = Tanh.value(v)
                        p[c] = t
                        d[c] = Float(1).addingProduct(-t, t)
                        c &+= 1
                    }
                } else {
                    var c = 0
                    while c < columns {
                        x[c] = NeuronDynamics.eulerMaruyama(membrane: x[c], residual: r[c], slope: d[c], feedback: f[c],
                                                            dt: dt, noiseScale: noiseScale, noise: z[c])
                        c &+= 1
                    }
                }
            }
        }
    }
}
