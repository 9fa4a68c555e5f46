import DenseKernels

/// What a random number is for. With the seed, the step and the neuron (coordinate) it fixes every value,
/// so a seed fixes a run bit for bit whatever the thread count or the order of agents.
public enum DiffusionPurpose: UInt64, Sendable {
    case forward = 1, reverse = 2, start = 3, training = 4, batch = 5, initialisation = 6, data = 7, time = 8
}

/// The counter-based streams of this module: purpose and step select a ``RandomStream``, and value
/// c·d + i of it belongs to chain (or sample) c, neuron (coordinate) i. (The NLM's `NoiseStreams` address one
/// stream per neuron with the chain as index; here one stream serves a whole batch, which the Dale–Langevin
/// agents read at c·d + i too.)
public enum DiffusionStreams {
    public static func stream(seed: UInt64, _ purpose: DiffusionPurpose, step: Int) -> RandomStream {
        RandomStream(seed: seed, stream: 0x4742_4D00_0000_0000 | purpose.rawValue << 40 | UInt64(truncatingIfNeeded: step) & 0xFF_FFFF_FFFF)
    }

    /// A rows × cols matrix of standard normal values of one stream (value of row r, column i at r·cols + i).
    public static func gaussians(rows: Int, cols: Int, seed: UInt64, _ purpose: DiffusionPurpose, step: Int) -> Matrix {
        var values = [Float](repeating: 0, count: rows * cols)
        stream(seed: seed, purpose, step: step).fillGaussian(&values, startingAt: 0)
        return Matrix(rows: rows, cols: cols, storage: values)
    }
}
