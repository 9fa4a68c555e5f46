import DenseKernels
import Foundation

/// Hyperparameters of maximum-likelihood training with persistent chains.
public struct TrainingConfiguration: Sendable, Equatable {
    public var temperature: Float = 1
    public var dt: Float = 0.01
    /// n_t: Langevin steps the persistent chains advance per update.
    public var chainSteps: Int = 10
    /// Data batch size; the number of persistent chains equals it, as in the reference code.
    public var batchSize: Int = 100
    public var optimizer: OptimizerKind = .gradientDescent(learningRate: 5e-4, decay: 2e-6)
    public var learnDiagonal: Bool = false
    /// The symmetric-coupling ablation: J is projected onto the symmetric matrices, J ← (J + Jᵀ)/2, after every
    /// update (start from symmetric couplings too). Off for the NLM, whose learned J is asymmetric.
    public var symmetricCouplings: Bool = false
    public var seed: UInt64 = 1

    public init() {}
}

/// Everything a run needs to continue bit for bit: parameters, persistent chains, optimiser moments and the
/// counters that address every random stream (there is no other random state).
public struct TrainingState: Sendable, Equatable {
    public var parameters: Parameters
    /// Persistent model chains, N × batchSize.
    public var chains: Matrix
    public var optimizer: OptimizerState
    public var epoch: Int
    public var update: Int
    /// Number of chain steps taken so far (addresses the training noise).
    public var chainStep: UInt64

    public init(parameters: Parameters, chains: Matrix, optimizer: OptimizerState = OptimizerState(),
                epoch: Int = 0, update: Int = 0, chainStep: UInt64 = 0) {
        self.parameters = parameters
        self.chains = chains
        self.optimizer = optimizer
        self.epoch = epoch
        self.update = update
        self.chainStep = chainStep
    }

    /// Fresh state: the given parameters and chains drawn from N(0, 1) (stream `chainInit`).
    public static func initial(parameters: Parameters, chains count: Int, seed: UInt64) -> TrainingState {
        TrainingState(parameters: parameters, chains: gaussianMatrix(rows: parameters.neuronCount, cols: count,
                                                                     seed: seed, purpose: .chainInit))
    }
}

/// A matrix of N(0, 1) values, row i from stream (purpose, step 0, neuron i).
public func gaussianMatrix(rows: Int, cols: Int, seed: UInt64, purpose: RandomPurpose, step: UInt64 = 0) -> Matrix {
    var m = Matrix(rows: rows, cols: cols)
    m.storage.withUnsafeMutableBufferPointer { buffer in
        for i in 0..<rows {
            NoiseStreams.random(seed: seed, purpose, step: step, neuron: i)
                .fillGaussian(UnsafeMutableBufferPointer(rebasing: buffer[(i * cols)..<((i + 1) * cols)]), startingAt: 0)
        }
    }
    return m
}

/// What one epoch measured.
public struct EpochReport: Sendable, Equatable {
    public var epoch: Int
    public var updates: Int
    /// Epoch mean of the moment mismatch mean((⟨rφᵀ⟩_model − ⟨rφᵀ⟩_data)²)/T².
    public var mismatch: Float
    /// Mean energy per data sample and per chain, averaged over the epoch's updates.
    public var dataEnergy: Float
    public var chainEnergy: Float
    public var seconds: Double

    public init(epoch: Int, updates: Int, mismatch: Float, dataEnergy: Float, chainEnergy: Float, seconds: Double) {
        self.epoch = epoch
        self.updates = updates
        self.mismatch = mismatch
        self.dataEnergy = dataEnergy
        self.chainEnergy = chainEnergy
        self.seconds = seconds
    }
}

/// A numerical blow-up detected during training: the step, the quantity and the likely cause.
public struct NumericalBlowUp: Error, CustomStringConvertible, Equatable {
    public var epoch: Int
    public var update: Int
    public var quantity: String
    public var description: String {
        "numerical blow-up at epoch \(epoch), update \(update): \(quantity) is not finite; "
            + "the time step dt or the learning rate is probably too large"
    }
}

/// Maximum-likelihood training of an NLM with persistent chains (PCD), as in the reference code: per update,
/// the data term on a batch, n_t Langevin steps of the chains with the current J, the model term on the
/// chains' final states, then one optimiser step.
public struct Trainer: Sendable {
    public let configuration: TrainingConfiguration
    /// Training data, one sample per row (M × N): encoded membrane values, not pixels.
    public let data: Matrix
    public private(set) var state: TrainingState
    var dynamics: DenseDynamics
    var gradient: LikelihoodGradient
    var chainWork: BatchWorkspace
    var dataWork: BatchWorkspace
    var batch: Matrix

    public init(configuration: TrainingConfiguration, data: Matrix, state: TrainingState) {
        precondition(data.cols == state.parameters.neuronCount, "data dimension must equal the number of neurons")
        precondition(configuration.batchSize >= 1 && configuration.batchSize <= data.rows, "batch size out of range")
        self.configuration = configuration
        self.data = data
        self.state = state
        let n = state.parameters.neuronCount
        dynamics = DenseDynamics(parameters: state.parameters, temperature: configuration.temperature, dt: configuration.dt)
        gradient = LikelihoodGradient(neurons: n)
        chainWork = BatchWorkspace(neurons: n, columns: state.chains.cols)
        dataWork = BatchWorkspace(neurons: n, columns: configuration.batchSize)
        batch = Matrix(rows: n, cols: configuration.batchSize)
    }

    /// The order in which epoch `epoch` visits the samples: a Fisher–Yates shuffle driven by the stream
    /// (dataOrder, step epoch).
    public static func sampleOrder(count: Int, epoch: Int, seed: UInt64) -> [Int] {
        var order = Array(0..<count)
        let stream = NoiseStreams.random(seed: seed, .dataOrder, step: UInt64(epoch), neuron: 0)
        var k: UInt64 = 0
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = min(Int(stream.uniform(k) * Float(i + 1)), i)
            k += 1
            order.swapAt(i, j)
        }
        return order
    }

    /// Copies samples `indices` of `data` into the columns of an N × indices.count batch.
    public static func gather(_ data: Matrix, _ indices: ArraySlice<Int>, into batch: inout Matrix) {
        let n = data.cols
        let columns = indices.count
        if batch.cols != columns { batch = Matrix(rows: n, cols: columns) }
        let samples = Array(indices)
        data.storage.withUnsafeBufferPointer { d in
            batch.storage.withUnsafeMutableBufferPointer { b in
                samples.withUnsafeBufferPointer { s in
                    let p = GatherPointers(data: d.baseAddress!, batch: b.baseAddress!, samples: s.baseAddress!)
                    // Neuron rows split over the pool; 16 rows at a time so that the 16 destination lines of
                    // a column stay in L1 while each sample contributes one contiguous 64-byte read.
                    ParallelWorkers.shared.forEachChunk(rows: n, granularity: 16) { range in
                        var i0 = range.lowerBound
                        while i0 < range.upperBound {
                            let i1 = min(i0 + 16, range.upperBound)
                            for c in 0..<columns {
                                let src = p.data + p.samples[c] &* n
                                var i = i0
                                while i < i1 { p.batch[i &* columns &+ c] = src[i]; i &+= 1 }
                            }
                            i0 = i1
                        }
                    }
                }
            }
        }
    }

    /// Runs one epoch (every sample once, in batches; a final partial batch is used too).
    public mutating func trainEpoch() throws -> EpochReport {
        let start = Date()
        let order = Self.sampleOrder(count: data.rows, epoch: state.epoch, seed: configuration.seed)
        let t = configuration.temperature
        var mismatch: Double = 0, dataEnergy: Double = 0, chainEnergy: Double = 0
        var updates = 0
        var first = 0
        let noise = NoiseSource(seed: configuration.seed, purpose: .trainingNoise)
        let optimizer = Optimizer(kind: configuration.optimizer, learnDiagonal: configuration.learnDiagonal)
        while first < order.count {
            let last = min(first + configuration.batchSize, order.count)
            Self.gather(data, order[first..<last], into: &batch)
            if dataWork.columns != batch.cols { dataWork = BatchWorkspace(neurons: batch.rows, columns: batch.cols) }
            first = last
            // Model chains: n_t steps with the current couplings.
            // The last step's update pass leaves φ, φ′ of the final chains in `chainWork` for the model term.
            let ratesReady = dynamics.runSteps(&state.chains, steps: configuration.chainSteps,
                                               firstStep: state.chainStep, noise: noise, workspace: &chainWork)
            state.chainStep += UInt64(configuration.chainSteps)
            let eModel = dynamics.accumulate(state.chains, weight: 1 / (t * Float(state.chains.cols)),
                                             into: &gradient, workspace: &chainWork, ratesReady: ratesReady,
                                             overwrite: true)
            let eData = dynamics.accumulate(batch, weight: -1 / (t * Float(batch.cols)), into: &gradient,
                                            workspace: &dataWork, ratesReady: false, overwrite: false)
            let m = gradient.meanSquare
            guard m.isFinite, eModel.isFinite else {
                throw NumericalBlowUp(epoch: state.epoch, update: state.update,
                                      quantity: m.isFinite ? "the chains' energy" : "the learning gradient")
            }
            optimizer.apply(gradient, to: &state.parameters, state: &state.optimizer)
            if configuration.symmetricCouplings { state.parameters.symmetrize() }
            dynamics.update(parameters: state.parameters)
            state.update += 1
            updates += 1
            mismatch += Double(m)
            dataEnergy += Double(eData)
            chainEnergy += Double(eModel)
        }
        state.epoch += 1
        let u = Double(max(updates, 1))
        return EpochReport(epoch: state.epoch, updates: updates, mismatch: Float(mismatch / u),
                           dataEnergy: Float(dataEnergy / u), chainEnergy: Float(chainEnergy / u),
                           seconds: Date().timeIntervalSince(start))
    }
}

/// Raw pointers of one gather, shared by the pool's threads (each writes disjoint rows of the batch).
struct GatherPointers: @unchecked Sendable {
    let data: UnsafePointer<Float>
    let batch: UnsafeMutablePointer<Float>
    let samples: UnsafePointer<Int>
}
