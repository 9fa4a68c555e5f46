import DenseKernels
import Foundation
import LangevinMachine

/// When a neuron agent updates.
///
/// Every clock gives neuron i the interval to its next update as a pure function of
/// `(seed, neuron, update count)`, so update times do not depend on the order in which agents are processed.
public enum NeuronClock: Sendable, Equatable {
    /// Every neuron updates every `interval` (synchronous; reproduces the dense step with δ = 0).
    case fixed(interval: Float)
    /// Neuron i updates every `intervals[i]` (heterogeneous, deterministic).
    case perNeuron(intervals: [Float])
    /// Neuron i updates at the events of a Poisson process of rate 1/`meanInterval`: the k-th interval is
    /// −mean·ln u with u = uniform 0 of stream (eventClock, step k, neuron i). Fully asynchronous.
    case poisson(meanInterval: Float)

    /// The interval from neuron `i`'s update number `k` to its next one.
    @inlinable
    public func interval(neuron i: Int, update k: UInt64, seed: UInt64) -> Float {
        switch self {
        case let .fixed(dt): return dt
        case let .perNeuron(intervals): return intervals[i]
        case let .poisson(mean):
            let u = NoiseStreams.random(seed: seed, .eventClock, step: k, neuron: i).uniform(0)
            return -mean * Float(Foundation.log(Double(u)))
        }
    }

    /// The mean interval between updates of neuron `i`.
    public func meanInterval(neuron i: Int) -> Float {
        switch self {
        case let .fixed(dt): return dt
        case let .perNeuron(intervals): return intervals[i]
        case let .poisson(mean): return mean
        }
    }

    /// Whether update times are multiples of a step (then they are computed as start + k·interval, without
    /// accumulating rounding).
    var isPeriodic: Bool {
        if case .poisson = self { return false }
        return true
    }
}
