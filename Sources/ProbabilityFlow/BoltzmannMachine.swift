import DenseKernels
import LangevinMachine
import Optimization

/// A binary Boltzmann machine: n stochastic units sᵢ ∈ {0, 1} with energy
///
///     E(s) = −½ sᵀWs − bᵀs,   W symmetric with zero diagonal, masked by the architecture,
///
/// so p(s) = e^{−E(s)} / Z and each unit fires with probability σ(uᵢ), uᵢ = Σⱼ Wᵢⱼ sⱼ + bᵢ, given the rest.
/// `weights[i, j]` is the synapse i ← j (post i, pre j).
///
/// With `symmetric == false` (the asymmetric variant of VPF) Wᵢⱼ and Wⱼᵢ are separate synapses. The network
/// is then defined by its Glauber dynamics (unit i fires with σ(uᵢ)) and has no energy function in general;
/// ``energies(_:)`` then refers to the symmetric part ½(W + Wᵀ), which is what the quadratic form sees.
///
/// Batches of states are `n × B` matrices (rows = units, columns = data points or chains), as elsewhere in
/// the project; hidden rows may hold firing rates in [0, 1] instead of states.
public struct BoltzmannMachine: Sendable {
    public let architecture: BoltzmannArchitecture
    public let symmetric: Bool
    public var weights: Matrix
    public var bias: [Float]
    /// The connectivity mask (1 where synapse i ← j exists), n × n row-major.
    public let mask: [Float]
    let blocks: [(rows: Range<Int>, cols: Range<Int>)]

    public var unitCount: Int { architecture.unitCount }
    public var visibleCount: Int { architecture.visibleCount }

    /// Small random couplings Wᵢⱼ = scale·ξᵢⱼ (ξ standard normal from stream (couplingInit, 0, i), index j;
    /// mirrored to Wⱼᵢ when symmetric), masked; zero biases.
    public init(architecture: BoltzmannArchitecture, symmetric: Bool = true, weightScale: Float = 0.01, seed: UInt64) {
        let n = architecture.unitCount
        var w = Matrix(rows: n, cols: n)
        for i in 0..<n {
            let stream = NoiseStreams.random(seed: seed, .couplingInit, step: 0, neuron: i)
            for j in 0..<n where symmetric ? j > i : j != i { w[i, j] = weightScale * stream.gaussian(UInt64(j)) }
        }
        if symmetric { for i in 0..<n { for j in 0..<i { w[i, j] = w[j, i] } } }
        self.init(architecture: architecture, symmetric: symmetric, weights: w, bias: [Float](repeating: 0, count: n))
    }

    /// A machine with the given couplings (masked: entries outside the architecture are set to zero).
    public init(architecture: BoltzmannArchitecture, symmetric: Bool = true, weights: Matrix, bias: [Float]) {
        let n = architecture.unitCount
        precondition(weights.rows == n && weights.cols == n && bias.count == n, "BoltzmannMachine: W must be n × n and b of length n")
        self.architecture = architecture
        self.symmetric = symmetric
        self.mask = architecture.mask
        self.blocks = architecture.blocks
        self.weights = weights
        self.bias = bias
        for e in 0..<(n * n) { self.weights.storage[e] *= mask[e] }
    }

    /// Writes rows `r` of the inputs U = W X + b into `u` (`r.count × B`, row stride B), visiting only the
    /// connected blocks of W. `x` is an `n × B` batch.
    func inputs(rows r: Range<Int>, of x: UnsafePointer<Float>, batch: Int, into u: UnsafeMutablePointer<Float>) {
        let n = unitCount
        for k in 0..<r.count { for c in 0..<batch { u[k * batch + c] = bias[r.lowerBound + k] } }
        weights.storage.withUnsafeBufferPointer { w in
            for block in blocks where block.rows.contains(r.lowerBound) {
                GEMM.multiply(.none, .none, m: r.count, n: batch, k: block.cols.count, alpha: 1,
                              a: w.baseAddress! + r.lowerBound * n + block.cols.lowerBound, lda: n,
                              b: x + block.cols.lowerBound * batch, ldb: batch, beta: 1, c: u, ldc: batch)
            }
        }
    }

    /// The inputs U = W X + b of every unit for a batch X (n × B): uᵢ = Σⱼ Wᵢⱼ xⱼ + bᵢ.
    public func inputs(_ x: Matrix) -> Matrix {
        precondition(x.rows == unitCount, "inputs: batch has \(x.rows) rows, machine has \(unitCount) units")
        var u = Matrix(rows: unitCount, cols: x.cols)
        for layer in architecture.layerRanges {
            let b = x.cols
            x.storage.withUnsafeBufferPointer { px in
                u.storage.withUnsafeMutableBufferPointer { pu in
                    inputs(rows: layer, of: px.baseAddress!, batch: b, into: pu.baseAddress! + layer.lowerBound * b)
                }
            }
        }
        return u
    }

    /// E(x) = −½ xᵀWx − bᵀx for each column, computed as −½ Σᵢ xᵢ(uᵢ + bᵢ) from the inputs.
    public func energies(_ x: Matrix) -> [Double] {
        let u = inputs(x)
        var e = [Double](repeating: 0, count: x.cols)
        for i in 0..<unitCount {
            for c in 0..<x.cols { e[c] -= 0.5 * Double(x[i, c]) * Double(u[i, c] + bias[i]) }
        }
        return e
    }

    /// The masked synaptic outer product G = alpha · A Bᵀ (n × n; Gᵢⱼ = alpha Σ_c Aᵢc Bⱼc on existing synapses
    /// only). Every weight gradient of this module has this pre × post form.
    public func outerProduct(_ a: Matrix, _ b: Matrix, alpha: Float) -> Matrix {
        let n = unitCount, batch = a.cols
        precondition(a.rows == n && b.rows == n && b.cols == batch, "outerProduct: both factors must be n × B")
        var g = Matrix(rows: n, cols: n)
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                g.storage.withUnsafeMutableBufferPointer { pg in
                    for block in blocks {
                        GEMM.multiply(.none, .transposed, m: block.rows.count, n: block.cols.count, k: batch, alpha: alpha,
                                      a: pa.baseAddress! + block.rows.lowerBound * batch, lda: batch,
                                      b: pb.baseAddress! + block.cols.lowerBound * batch, ldb: batch, beta: 0,
                                      c: pg.baseAddress! + block.rows.lowerBound * n + block.cols.lowerBound, ldc: n)
                    }
                }
            }
        }
        for e in 0..<(n * n) { g.storage[e] *= mask[e] }
        return g
    }

    /// Applies a gradient step through `optimizer` (tensor names "W" and "b"; biases are not decayed), then
    /// re-applies the mask so that absent synapses stay absent.
    public mutating func apply(_ gradient: (weights: Matrix, bias: [Float]), optimizer: inout TensorOptimizer) {
        optimizer.beginStep()
        optimizer.update("W", weights: &weights.storage, gradient: gradient.weights.storage)
        optimizer.update("b", weights: &bias, gradient: gradient.bias, decays: false)
        for e in 0..<weights.storage.count { weights.storage[e] *= mask[e] }
    }
}
