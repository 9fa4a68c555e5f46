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
    static func eulerMaruyama(_ b: Buffers, rows: Int, columns: Int, dt: Float, noiseScale: Float,
                              step: UInt64, noise: NoiseSource) {
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
                let x = b.x + o, r = b.residual + o, d = b.slopes + o, f = b.feedback + o
                for c in 0..<columns {
                    x[c] = NeuronDynamics.eulerMaruyama(membrane: x[c], residual: r[c], slope: d[c], feedback: f[c],
                                                        dt: dt, noiseScale: noiseScale, noise: xi[c])
                }
            }
        }
    }
}
