import DenseKernels
import LangevinMachine

/// The (post ← pre) address of a synapse.
public struct SynapseAddress: Sendable, Hashable {
    public var post: Int
    public var pre: Int
    public init(post: Int, pre: Int) {
        self.post = post
        self.pre = pre
    }
}

/// Records a run into in-memory arrays: spikes (neuron, chain, time), and membranes, rates and errors of
/// chosen neurons and chains plus weights of chosen synapses, sampled either on a time grid or at every
/// update of a chosen neuron. The engine calls it from its event loop (record events, updates, spikes).
///
/// Sampled rows: with `.interval(dt)` one row per sample time, columns (neuron, chain) for every chosen
/// neuron then chain (neuron-major); with `.everyUpdate` one row per update of a chosen neuron, columns the
/// chosen chains, and `rowNeurons` says whose update it was. The error of neuron i is eᵢ = hᵢ + bᵢ − xᵢ
/// (= −rᵢ, the value its error events carry), with hᵢ as received.
public struct TraceRecorder: Sendable {
    public enum Sampling: Sendable, Equatable {
        case interval(Double)
        case everyUpdate
    }

    public var sampling: Sampling
    public var neurons: [Int]
    public var chains: [Int]
    public var synapses: [SynapseAddress]
    public var recordsSpikes: Bool
    var chosen: Set<Int>

    public private(set) var times: [Double] = []
    public private(set) var rowNeurons: [Int32] = []
    public private(set) var membranes: [Float] = []
    public private(set) var rates: [Float] = []
    public private(set) var errors: [Float] = []
    public private(set) var weights: [Float] = []
    public private(set) var spikeNeurons: [Int32] = []
    public private(set) var spikeChains: [Int32] = []
    public private(set) var spikeTimes: [Double] = []

    public init(sampling: Sampling, neurons: [Int], chains: [Int] = [0], synapses: [SynapseAddress] = [],
                recordsSpikes: Bool = true) {
        self.sampling = sampling
        self.neurons = neurons
        self.chains = chains
        self.synapses = synapses
        self.recordsSpikes = recordsSpikes
        chosen = Set(neurons)
    }

    /// Values per sampled row.
    public var columns: Int {
        sampling == .everyUpdate ? chains.count : neurons.count * chains.count
    }

    func records(neuron i: Int) -> Bool { chosen.contains(i) }

    mutating func recordSpike(neuron: Int, chain: Int, at t: Double) {
        guard recordsSpikes else { return }
        spikeNeurons.append(Int32(neuron))
        spikeChains.append(Int32(chain))
        spikeTimes.append(t)
    }

    /// Samples the network at time t: all chosen neurons, or only `neuron` (every-update mode).
    mutating func sample(_ network: AgentNetwork, at t: Double, neuron: Int?) {
        times.append(t)
        let s = network.spontaneous
        let b = s.chains, n = network.neuronCount
        for i in neuron.map({ [$0] }) ?? neurons {
            for c in chains {
                let k = i * b + c
                membranes.append(s.membrane[k])
                rates.append(s.rate[k])
                errors.append(-NeuronDynamics.residual(membrane: s.membrane[k], drive: s.drive[k], bias: network.bias[i]))
            }
        }
        if let i = neuron { rowNeurons.append(Int32(i)) }
        for syn in synapses { weights.append(network.weights[syn.post * n + syn.pre]) }
    }

    /// The recording as arrays ready to be written (rows × columns matrices).
    public var recording: TraceRecording {
        let rows = times.count
        return TraceRecording(
            times: times, rowNeurons: rowNeurons, neurons: neurons, chains: chains, synapses: synapses,
            membranes: Matrix(rows: rows, cols: columns, storage: membranes),
            rates: Matrix(rows: rows, cols: columns, storage: rates),
            errors: Matrix(rows: rows, cols: columns, storage: errors),
            weights: Matrix(rows: rows, cols: synapses.count, storage: weights),
            spikeNeurons: spikeNeurons, spikeChains: spikeChains, spikeTimes: spikeTimes)
    }
}

/// A finished recording (see ``TraceRecorder``): what `nlm trace` writes as .npy arrays (matrices and
/// times) and CSV (spikes).
public struct TraceRecording: Sendable, Equatable {
    /// Sample times (rows).
    public var times: [Double]
    /// Every-update mode: the neuron each row belongs to (empty for interval sampling).
    public var rowNeurons: [Int32]
    public var neurons: [Int]
    public var chains: [Int]
    public var synapses: [SynapseAddress]
    /// rows × columns (columns: neuron-major (neuron, chain) pairs, or chains in every-update mode).
    public var membranes: Matrix
    public var rates: Matrix
    public var errors: Matrix
    /// rows × synapses.
    public var weights: Matrix
    public var spikeNeurons: [Int32]
    public var spikeChains: [Int32]
    public var spikeTimes: [Double]
}

extension AgentNetwork {
    /// Installs a recorder (before the run or between runs); read it back with `recorder?.recording`.
    public mutating func attach(recorder: TraceRecorder) {
        self.recorder = recorder
        if case let .interval(dt) = recorder.sampling, scheduler.processed > 0 || scheduler.pending > 0 {
            scheduler.schedule(.record, at: scheduler.now + (scheduler.processed > 0 ? dt : 0))
        }
    }
}
