import DenseKernels
import Foundation

/// A learned, time-conditioned Hyvärinen score: a multilayer perceptron ε̂(x, τ) with SiLU hidden layers and the
/// noise-prediction parametrisation
///
///     h_θ(x, τ) = −1 − ε̂(x, τ) / (σ √τ),
///
/// which is exact when ε̂ predicts the log-space noise z of x_τ = x₀ exp((μ − σ²/2)τ + σ√τ z) (the conditional
/// target of ``MultiplicativeScoreMatching``). The input is the scaled log-state u_i = (log x_i − c_i − (μ − σ²/2)τ)/√(v_i + σ²τ)
/// (c_i, v_i: mean and variance of log x₀ of coordinate i in the data, or one pooled value) concatenated with F
/// sinusoidal time features e_{2j} = sin(1000τ·ω_j), e_{2j+1} = cos(1000τ·ω_j), ω_j = 1000^(−j/(F/2)).
/// Layer l computes a_l = SiLU(a_{l−1} W_lᵀ + b_l) (the last one without SiLU); the products run on GEMM.
/// With `gaussianSkip`, ε̂_i = F_i + κ_i(τ)·u_i with κ_i = σ√τ/√(v_i + σ²τ): the exact posterior-mean noise
/// E[z | x_τ] when log x₀ᵢ ~ N(c_i, v_i) independently, so the layers learn only the residual to that
/// independent-coordinate log-normal model (and a coordinate that never varies, v_i ≈ 0, is denoised exactly).
public struct ScoreNetwork: HyvarinenScoreModel, Sendable, Equatable {
    public let dimension: Int
    public let timeFeatures: Int
    public var process: GeometricBrownianMotion
    /// c_i and v_i (one per coordinate; v_i is floored at 1e-4).
    public var logCentres: [Float], logVariances: [Float]
    public var gaussianSkip: Bool
    /// W_l (out × in) and b_l (out) per layer.
    public var weights: [Matrix]
    public var biases: [[Float]]

    /// Weights ~ U(−1/√fan-in, 1/√fan-in) (torch's `nn.Linear` default) from the `.initialisation` stream of
    /// `seed` (step = 2l for W_l, 2l + 1 for b_l); the last layer is scaled by 0.1 so training starts near ε̂ = 0.
    public init(dimension d: Int, hidden: [Int], timeFeatures f: Int = 16, process: GeometricBrownianMotion,
                logCentre: Float = 0, logVariance: Float = 0, logCentres: [Float]? = nil, logVariances: [Float]? = nil,
                gaussianSkip: Bool = false, seed: UInt64) {
        precondition(d >= 1 && f >= 0 && f % 2 == 0 && hidden.allSatisfy { $0 >= 1 }, "a valid network shape")
        dimension = d
        timeFeatures = f
        self.process = process
        precondition((logCentres?.count ?? d) == d && (logVariances?.count ?? d) == d, "one log-moment per coordinate")
        self.logCentres = logCentres ?? [Float](repeating: logCentre, count: d)
        self.logVariances = (logVariances ?? [Float](repeating: logVariance, count: d)).map { max($0, 1e-4) }
        self.gaussianSkip = gaussianSkip
        let sizes = [d + f] + hidden + [d]
        weights = []
        biases = []
        for l in 0..<(sizes.count - 1) {
            let fanIn = sizes[l], out = sizes[l + 1]
            let a = (l == sizes.count - 2 ? 0.1 : 1) / Float(fanIn).squareRoot()
            let w = DiffusionStreams.stream(seed: seed, .initialisation, step: 2 * l)
            let b = DiffusionStreams.stream(seed: seed, .initialisation, step: 2 * l + 1)
            weights.append(Matrix(rows: out, cols: fanIn, storage: (0..<(out * fanIn)).map { a * (2 * w.uniform(UInt64($0)) - 1) }))
            biases.append((0..<out).map { a * (2 * b.uniform(UInt64($0)) - 1) })
        }
    }

    /// Trainable tensors by name ("w0", "b0", "w1", …), in layer order.
    public var tensors: [(name: String, values: [Float])] {
        weights.indices.flatMap { [("w\($0)", weights[$0].storage), ("b\($0)", biases[$0])] }
    }

    public mutating func setTensor(_ name: String, _ values: [Float]) {
        let l = Int(name.dropFirst())!
        if name.hasPrefix("w") { weights[l].storage = values } else { biases[l] = values }
    }

    public var parameterCount: Int { weights.reduce(0) { $0 + $1.count } + biases.reduce(0) { $0 + $1.count } }

    /// The network input of each row: scaled log-states and time features (B × (d + F)).
    func input(logStates y: Matrix, times: [Float]) -> Matrix {
        let d = dimension, f = timeFeatures, width = d + f
        var a = Matrix(rows: y.rows, cols: width)
        for r in 0..<y.rows {
            let tau = times[r]
            let drift = process.logDrift * tau, noise = process.variance * tau
            for i in 0..<d {
                a.storage[r * width + i] = (y.storage[r * d + i] - logCentres[i] - drift) / (logVariances[i] + noise).squareRoot()
            }
            for j in 0..<(f / 2) {
                let angle = Double(1000 * tau) * Foundation.pow(1000, -Double(j) / Double(f / 2))
                a.storage[r * width + d + 2 * j] = Float(Foundation.sin(angle))
                a.storage[r * width + d + 2 * j + 1] = Float(Foundation.cos(angle))
            }
        }
        return a
    }

    /// Pre-activations z_l and activations a_l of every layer (a_0 is the input; the last a is ε̂).
    func forward(logStates y: Matrix, times: [Float]) -> (pre: [Matrix], post: [Matrix]) {
        var post = [input(logStates: y, times: times)]
        var pre: [Matrix] = []
        for l in weights.indices {
            var z = Matrix(rows: y.rows, cols: weights[l].rows)
            Matrix.multiply(post[l], .none, weights[l], .transposed, into: &z)
            z.addToEachRow(biases[l])
            pre.append(z)
            post.append(l == weights.count - 1 ? z : Matrix(rows: z.rows, cols: z.cols, storage: z.storage.map(Self.silu)))
        }
        if gaussianSkip {
            // ε̂_i += κ_i(τ)·u_i (no parameters, so the backward pass is unchanged).
            let d = dimension, width = d + timeFeatures
            for r in 0..<y.rows {
                let noise = process.variance * times[r], root = noise.squareRoot()
                for i in 0..<d {
                    post[post.count - 1].storage[r * d + i] += root / (logVariances[i] + noise).squareRoot() * post[0].storage[r * width + i]
                }
            }
        }
        return (pre, post)
    }

    /// ε̂(x, τ_r) for log-states y (B × d) and one time per row.
    public func predictedNoise(logStates y: Matrix, times: [Float]) -> Matrix { forward(logStates: y, times: times).post.last! }

    public func hyvarinenScore(_ x: Matrix, time tau: Float) -> Matrix {
        let y = Matrix(rows: x.rows, cols: x.cols, storage: x.storage.map { Foundation.log($0) })
        var e = predictedNoise(logStates: y, times: [Float](repeating: tau, count: x.rows))
        let scale = 1 / (process.volatility * tau.squareRoot())
        for k in 0..<e.count { e.storage[k] = -1 - e.storage[k] * scale }
        return e
    }

    /// SiLU(z) = z·σ(z).
    @inlinable static func silu(_ z: Float) -> Float { z / (1 + Foundation.exp(-z)) }
    /// SiLU′(z) = σ(z)(1 + z(1 − σ(z))).
    @inlinable static func siluDerivative(_ z: Float) -> Float {
        let s = 1 / (1 + Foundation.exp(-z))
        return s * (1 + z * (1 - s))
    }

    /// Back-propagation of G = ∂L/∂ε̂ (B × d) through the stored forward pass: per layer, from the top,
    /// ∂L/∂W_l = δ_lᵀ a_{l−1}, ∂L/∂b_l = Σ_rows δ_l, δ_{l−1} = (δ_l W_l) ∘ SiLU′(z_{l−1}). Gradients in
    /// ``tensors`` order.
    func backward(_ g: Matrix, pre: [Matrix], post: [Matrix]) -> [[Float]] {
        var gradients = [[Float]](repeating: [], count: 2 * weights.count)
        var delta = g
        for l in stride(from: weights.count - 1, through: 0, by: -1) {
            var gw = Matrix(rows: weights[l].rows, cols: weights[l].cols)
            Matrix.multiply(delta, .transposed, post[l], .none, into: &gw)
            gradients[2 * l] = gw.storage
            gradients[2 * l + 1] = delta.columnSums()
            if l > 0 {
                var back = Matrix(rows: delta.rows, cols: weights[l].cols)
                Matrix.multiply(delta, .none, weights[l], .none, into: &back)
                let z = pre[l - 1]
                for k in 0..<back.count { back.storage[k] *= Self.siluDerivative(z.storage[k]) }
                delta = back
            }
        }
        return gradients
    }
}
