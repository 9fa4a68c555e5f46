import DenseKernels

/// The drift of a network whose state is (or reads out) the sample, used as a score s(x) ≈ ∇log p(x):
/// Langevin dynamics dx = s(x)dt + √2 dW then sample p. Every form has a hand-derived gradient of the
/// denoising score-matching loss (``DenoisingScoreMatching``), checked by finite differences in the tests.
public enum ScoreArchitecture: String, Sendable, CaseIterable {
    /// The reservoir sampler's output drift s(x) = −x + W₁φ(W₂x + b): W₁ = W_out (d × N), W₂ (N × d), b (N).
    case reservoir
    /// Sampler-only, synaptic currents: s(u) = −u + Wφ(u) + b (W d × d, b d).
    case synapticCurrent
    /// Sampler-only, firing rates: s(r) = −r + φ(Wr + b) (W d × d, b d).
    case firingRate
}

/// Parameters of a score network; the meaning of the tensors depends on the architecture.
public struct ScoreModel: Sendable, Equatable {
    public var architecture: ScoreArchitecture
    public var nonlinearity: Nonlinearity
    /// Output dimension d and, for the reservoir, its size N (d for the sampler-only forms).
    public var dimension: Int
    public var reservoirSize: Int
    /// reservoir: W₁ = W_out (d × N); sampler-only: W (d × d).
    public var w1: Matrix
    /// reservoir: W₂ (N × d); unused (0 × 0) otherwise.
    public var w2: Matrix
    /// reservoir: b (N); sampler-only: b (d).
    public var bias: [Float]

    /// Weights ~ U(−1/√fan-in, 1/√fan-in) as torch's `nn.Linear` default, from the streams of `seed`.
    public init(_ architecture: ScoreArchitecture, dimension d: Int, reservoirSize n: Int = 0, nonlinearity: Nonlinearity = .relu, seed: UInt64) {
        self.architecture = architecture
        self.nonlinearity = nonlinearity
        dimension = d
        reservoirSize = architecture == .reservoir ? n : d
        let s = RandomStream(seed: seed, stream: 0x5253_4E00)
        func uniform(_ count: Int, fanIn: Int, offset: UInt64) -> [Float] {
            let a = 1 / Float(fanIn).squareRoot()
            return (0..<count).map { a * (2 * s.uniform(offset + UInt64($0)) - 1) }
        }
        if architecture == .reservoir {
            precondition(n >= d && d >= 1, "a reservoir needs N ≥ d ≥ 1")
            w1 = Matrix(rows: d, cols: n, storage: uniform(d * n, fanIn: n, offset: 0))
            w2 = Matrix(rows: n, cols: d, storage: uniform(n * d, fanIn: d, offset: 1 << 32))
            bias = uniform(n, fanIn: d, offset: 2 << 32)
        } else {
            w1 = Matrix(rows: d, cols: d, storage: uniform(d * d, fanIn: d, offset: 0))
            w2 = Matrix(rows: 0, cols: 0)
            bias = uniform(d, fanIn: d, offset: 2 << 32)
        }
    }

    /// s(x) for every row of x (B × d), with the hidden pre-activations h (B × N; B × d for firing rates,
    /// empty for synaptic currents) kept for the gradient.
    public func score(_ x: Matrix) -> Matrix { evaluate(x).score }

    func evaluate(_ x: Matrix) -> (score: Matrix, hidden: Matrix) {
        let e = evaluateWithActivity(x)
        return (e.score, e.hidden)
    }

    /// s(x) with the hidden pre-activations h and, for the reservoir, the rates a = φ(h) (B × N; empty
    /// otherwise).
    func evaluateWithActivity(_ x: Matrix) -> (score: Matrix, hidden: Matrix, activity: Matrix) {
        precondition(x.cols == dimension, "states have \(x.cols) coordinates, the model \(dimension)")
        let b = x.rows, d = dimension
        switch architecture {
        case .reservoir:
            var h = Matrix.product(x, .none, w2, .transposed)                 // B × N
            h.addToEachRow(bias)
            var a = h
            nonlinearity.apply(&a.storage)
            var s = Matrix.product(a, .none, w1, .transposed)                 // B × d
            for k in 0..<s.count { s.storage[k] -= x.storage[k] }
            return (s, h, a)
        case .synapticCurrent:
            var a = x
            nonlinearity.apply(&a.storage)
            var s = Matrix.product(a, .none, w1, .transposed)
            for r in 0..<b { for i in 0..<d { s.storage[r * d + i] += bias[i] - x.storage[r * d + i] } }
            return (s, Matrix(rows: 0, cols: 0), a)
        case .firingRate:
            var h = Matrix.product(x, .none, w1, .transposed)
            h.addToEachRow(bias)
            var s = h
            nonlinearity.apply(&s.storage)
            for k in 0..<s.count { s.storage[k] -= x.storage[k] }
            return (s, h, Matrix(rows: 0, cols: 0))
        }
    }

    /// The tensors trained, by name, in a fixed order.
    public var tensors: [(name: String, values: [Float])] {
        architecture == .reservoir ? [("w1", w1.storage), ("w2", w2.storage), ("bias", bias)] : [("w1", w1.storage), ("bias", bias)]
    }

    mutating func setTensor(_ name: String, _ values: [Float]) {
        switch name {
        case "w1": w1.storage = values
        case "w2": w2.storage = values
        default: bias = values
        }
    }
}
