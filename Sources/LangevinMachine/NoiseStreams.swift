import DenseKernels

/// What a random number is for. Each purpose has its own family of streams, so that for instance the noise
/// of training chains never overlaps the noise of sampling chains.
public enum RandomPurpose: UInt8, Sendable, CaseIterable {
    case couplingInit = 1
    case chainInit = 2
    case trainingNoise = 3
    case samplingNoise = 4
    case dataOrder = 5
    case corruption = 6
    case sampleInit = 7
    case eventClock = 8
    case spikes = 9
    case stimulus = 10
    /// Directions of the perturbations of a Lyapunov-exponent estimate.
    case perturbation = 11
}

/// Addresses of the counter-based random streams.
///
/// A stream is identified by `(purpose, step, neuron)` packed into 64 bits as
/// `purpose << 56 | neuron << 36 | step` (neuron < 2²⁰, step < 2³⁶), and the value's index inside the
/// stream is the chain (column) number. So the noise that drives neuron i of chain c at step t is
/// `RandomStream(seed, stream(purpose, t, i)).gaussian(c)` whether it is drawn by the dense path (a whole row
/// of chains at once) or by neuron i's agent on its own.
public enum NoiseStreams {
    public static let maxNeurons = 1 << 20
    public static let maxSteps: UInt64 = 1 << 36

    @inlinable
    public static func stream(_ purpose: RandomPurpose, step: UInt64, neuron: Int) -> UInt64 {
        precondition(neuron >= 0 && neuron < maxNeurons && step < maxSteps, "random stream address out of range")
        return UInt64(purpose.rawValue) << 56 | UInt64(neuron) << 36 | step
    }

    @inlinable
    public static func random(seed: UInt64, _ purpose: RandomPurpose, step: UInt64, neuron: Int) -> RandomStream {
        RandomStream(seed: seed, stream: stream(purpose, step: step, neuron: neuron))
    }
}
