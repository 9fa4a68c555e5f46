import DenseKernels

/// The learned quantities of a Neural Langevin Machine: couplings J (N × N, row i holds the synapses onto
/// neuron i, so Jᵢⱼ is the weight of synapse i ← j) and bias b.
///
/// A model without bias keeps `bias` at zero and `hasBias == false`; then E(−x) = E(x) and the machine
/// generates inverted images as readily as upright ones. The diagonal of J (self-synapses) is zero at
/// initialisation and stays zero unless training is told to learn it; a J loaded from a file may have a
/// non-zero diagonal and is simulated as is (a neuron is then its own presynaptic partner).
public struct Parameters: Sendable, Equatable {
    public var couplings: Matrix
    public var bias: [Float]
    public var hasBias: Bool

    public var neuronCount: Int { couplings.rows }

    public init(couplings: Matrix, bias: [Float]? = nil) {
        precondition(couplings.rows == couplings.cols, "couplings must be square")
        self.couplings = couplings
        self.hasBias = bias != nil
        self.bias = bias ?? [Float](repeating: 0, count: couplings.rows)
        precondition(self.bias.count == couplings.rows, "bias length must equal the number of neurons")
    }

    /// Random couplings Jᵢⱼ ~ N(0, g²/N) with zero diagonal, bias zero. Row i is drawn from the stream
    /// `(couplingInit, step 0, neuron i)`, entry j at index j, so the result depends only on `seed`.
    public static func random(neurons n: Int, gain g: Float, seed: UInt64, bias: Bool) -> Parameters {
        var j = Matrix(rows: n, cols: n)
        let scale = g / Float(n).squareRoot()
        j.storage.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<n {
                let row = UnsafeMutableBufferPointer(rebasing: buffer[(i * n)..<((i + 1) * n)])
                NoiseStreams.random(seed: seed, .couplingInit, step: 0, neuron: i).fillGaussian(row, startingAt: 0)
                for k in 0..<n { row[k] *= scale }
                row[i] = 0
            }
        }
        return Parameters(couplings: j, bias: bias ? [Float](repeating: 0, count: n) : nil)
    }

    /// Projects J onto the symmetric matrices, J ← (J + Jᵀ)/2 (the closest symmetric matrix in Frobenius
    /// norm). Used by the symmetric-coupling ablation after every learning update.
    public mutating func symmetrize() {
        let n = neuronCount
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                let m = 0.5 * (couplings[i, j] + couplings[j, i])
                couplings[i, j] = m
                couplings[j, i] = m
            }
        }
    }

    /// Random symmetric couplings with the same entry variance g²/N as ``random(neurons:gain:seed:bias:)``:
    /// J ← (J + Jᵀ)/√2 of that draw (its spectrum is the semicircle of radius 2g instead of the circle of
    /// radius g).
    public static func randomSymmetric(neurons n: Int, gain g: Float, seed: UInt64, bias: Bool) -> Parameters {
        var p = random(neurons: n, gain: g, seed: seed, bias: bias)
        p.symmetrize()
        let root2 = Float(2).squareRoot()
        for k in 0..<p.couplings.count { p.couplings.storage[k] *= root2 }
        return p
    }

    /// Whether every coupling and bias is finite.
    public var isFinite: Bool {
        couplings.storage.allSatisfy { $0.isFinite } && bias.allSatisfy { $0.isFinite }
    }

    /// Largest |Jᵢᵢ|: zero for a model without self-synapses.
    public var largestSelfCoupling: Float {
        (0..<neuronCount).reduce(0) { max($0, abs(couplings[$1, $1])) }
    }
}
