import DenseKernels

/// Buffers that one step over a batch of B states (an N × B matrix, chains as columns) reuses, so that the
/// hot loop allocates nothing.
public struct BatchWorkspace: Sendable {
    public private(set) var neurons: Int
    public private(set) var columns: Int
    /// φ(X)
    public var rates: Matrix
    /// φ′(X) = 1 − φ(X)²
    public var slopes: Matrix
    /// R = X − Jφ(X) − b
    public var residual: Matrix
    /// F = Jᵀ R
    public var feedback: Matrix

    public init(neurons: Int, columns: Int) {
        self.neurons = neurons
        self.columns = columns
        rates = Matrix(rows: neurons, cols: columns)
        slopes = Matrix(rows: neurons, cols: columns)
        residual = Matrix(rows: neurons, cols: columns)
        feedback = Matrix(rows: neurons, cols: columns)
    }
}

/// Where the noise of a run of steps comes from: the stream family, the seed, and the global number of the
/// first chain in the batch (so that a batch that is a slice of a larger population draws the same numbers
/// as the whole population would).
public struct NoiseSource: Sendable, Equatable {
    public var seed: UInt64
    public var purpose: RandomPurpose
    public var firstChain: UInt64

    public init(seed: UInt64, purpose: RandomPurpose, firstChain: UInt64 = 0) {
        self.seed = seed
        self.purpose = purpose
        self.firstChain = firstChain
    }
}

/// The dense (batched) path of the Neural Langevin Machine: the same per-neuron formulas as
/// ``NeuronDynamics``, applied to every neuron of every chain with the couplings applied by matrix products.
///
/// One step over X (N × B):
///
///     P = φ(X), D = φ′(X)                 (fused element-wise pass)
///     R = X − J P − b                     (GEMM, then an element-wise pass)
///     F = Jᵀ R                            (GEMM)
///     X ← X + dt·(D ⊙ F − R) + √(2T·dt)·Ξ (element-wise pass with counter-based noise)
public struct DenseDynamics: Sendable {
    public var parameters: Parameters
    public var temperature: Float
    public var dt: Float
    /// Whether the force includes the Onsager-like feedback φ′(x) ⊙ Jᵀr (true: the NLM, dx = −∇E dt + √(2T) dW).
    /// False is the ablation dx = −r dt + √(2T) dW = (−x + Jφ(x) + b)dt + √(2T) dW: the plain rate network with
    /// noise, chaotic for random J with g > 1, whose stationary law is no longer ∝ exp(−E/T).
    public var onsagerFeedback = true
    var products: CouplingProducts

    public init(parameters: Parameters, temperature: Float, dt: Float) {
        self.parameters = parameters
        self.temperature = temperature
        self.dt = dt
        self.products = CouplingProducts(parameters.couplings)
    }

    /// Replaces the couplings (after a learning update) and re-prepares the products.
    public mutating func update(parameters: Parameters) {
        self.parameters = parameters
        products.repack(parameters.couplings)
    }

    /// Computes rates, slopes and residuals of `x` into `workspace`.
    public func evaluate(_ x: Matrix, _ workspace: inout BatchWorkspace) {
        evaluate(x, &workspace, ratesReady: false)
    }

    /// The same, skipping the rate pass when `ratesReady` (the workspace already holds φ(x) and φ′(x), as
    /// left by ``runSteps(_:steps:firstStep:noise:workspace:ratesReady:)``). `x` is only read, never copied.
    func evaluate(_ x: Matrix, _ workspace: inout BatchWorkspace, ratesReady: Bool) {
        precondition(x.rows == parameters.neuronCount && workspace.columns == x.cols && workspace.neurons == x.rows,
                     "state is \(x.rows)×\(x.cols), workspace \(workspace.neurons)×\(workspace.columns), model has \(parameters.neuronCount) neurons")
        let rows = x.rows, columns = x.cols
        if !ratesReady {
            Elementwise.withBuffers(reading: x, &workspace) { Elementwise.ratesAndSlopes($0, rows: rows, columns: columns) }
        }
        products.forward(workspace.rates, into: &workspace.residual)
        parameters.bias.withUnsafeBufferPointer { bias in
            Elementwise.withBuffers(reading: x, &workspace) {
                Elementwise.residual($0, bias: bias.baseAddress!, rows: rows, columns: columns)
            }
        }
    }

    /// Energies E_c = ½‖r_c‖² of the columns last evaluated into `workspace`.
    public func energies(_ workspace: BatchWorkspace) -> [Float] {
        Elementwise.columnHalfSquaredNorms(workspace.residual)
    }

    /// Energies of the columns of `x`.
    public func energies(of x: Matrix) -> [Float] {
        var workspace = BatchWorkspace(neurons: x.rows, columns: x.cols)
        evaluate(x, &workspace)
        return energies(workspace)
    }

    /// Force −∇E for every column of `x` (N × B), for tests and analysis.
    public func force(_ x: Matrix) -> Matrix {
        var workspace = BatchWorkspace(neurons: x.rows, columns: x.cols)
        evaluate(x, &workspace)
        feedback(&workspace)
        var f = Matrix(rows: x.rows, cols: x.cols)
        for k in 0..<f.count {
            f.storage[k] = NeuronDynamics.force(residual: workspace.residual.storage[k],
                                                slope: workspace.slopes.storage[k],
                                                feedback: workspace.feedback.storage[k])
        }
        return f
    }

    /// Advances every column of `x` by one Euler–Maruyama step numbered `step` (the step number addresses
    /// the noise streams). At temperature 0 the step is deterministic.
    public func step(_ x: inout Matrix, _ workspace: inout BatchWorkspace, step: UInt64, noise: NoiseSource) {
        self.step(&x, &workspace, step: step, noise: noise, ratesReady: false, nextRates: false)
    }

    /// One step; `ratesReady` skips the rate pass (the workspace holds φ(x), φ′(x)), `nextRates` makes the
    /// update pass also leave φ, φ′ of the new `x` in the workspace (one sweep instead of two).
    func step(_ x: inout Matrix, _ workspace: inout BatchWorkspace, step: UInt64, noise: NoiseSource,
              ratesReady: Bool, nextRates: Bool) {
        evaluate(x, &workspace, ratesReady: ratesReady)
        feedback(&workspace)
        let noiseScale = (2 * temperature * dt).squareRoot()
        let rows = x.rows, columns = x.cols, dt = dt
        Elementwise.withBuffers(&x, &workspace) {
            Elementwise.eulerMaruyama($0, rows: rows, columns: columns, dt: dt, noiseScale: noiseScale, step: step,
                                      noise: noise, nextRates: nextRates)
        }
    }

    /// Jᵀr into `workspace.feedback`, or zeros without the Onsager feedback.
    func feedback(_ workspace: inout BatchWorkspace) {
        if onsagerFeedback {
            products.backward(workspace.residual, into: &workspace.feedback)
        } else if workspace.feedback.storage.contains(where: { $0 != 0 }) {
            workspace.feedback = Matrix(rows: workspace.feedback.rows, cols: workspace.feedback.cols)
        }
    }

    /// Runs `count` steps numbered `firstStep ..< firstStep + count`.
    public func run(_ x: inout Matrix, steps count: Int, firstStep: UInt64, noise: NoiseSource,
                    workspace: inout BatchWorkspace) {
        runSteps(&x, steps: count, firstStep: firstStep, noise: noise, workspace: &workspace)
    }

    /// Runs `count` steps, each update pass also computing the rates of the new state for the next step
    /// (bit-identical to separate passes). Returns whether the workspace holds φ(x), φ′(x) of the final
    /// `x` (true after at least one step, or if `ratesReady` was), for a following ``evaluate(_:_:ratesReady:)``.
    @discardableResult
    func runSteps(_ x: inout Matrix, steps count: Int, firstStep: UInt64, noise: NoiseSource,
                  workspace: inout BatchWorkspace, ratesReady: Bool = false) -> Bool {
        var ready = ratesReady
        for s in 0..<count {
            step(&x, &workspace, step: firstStep + UInt64(s), noise: noise, ratesReady: ready, nextRates: true)
            ready = true
        }
        return ready
    }
}
