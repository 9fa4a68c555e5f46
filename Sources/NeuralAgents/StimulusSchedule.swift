import DenseKernels
import LangevinMachine

/// The data stream that drives the evoked compartments: B channels, each showing one data sample at a time.
///
/// Batch g (the g-th period of length `period`) shows in channel c the sample
/// `order_e[(b·B + c) mod M]`, where e = g div ⌈M/B⌉ is the epoch, b = g mod ⌈M/B⌉ the batch within it and
/// order_e is ``Trainer/sampleOrder(count:epoch:seed:)`` — the dense trainer's order, so both see the same
/// batches (a final partial batch is filled from the start of the order). The stimulus is on during the
/// first `dwell` of each period (all of it for phase-free learning, half of it for wake/sleep phases).
///
/// Neuron i reads only its own coordinate xᵢ of the current samples, at its own update times: that is the
/// stimulus event it receives.
public struct StimulusSchedule: Sendable {
    /// Samples as rows (M × N), encoded membrane values.
    public let data: Matrix
    public let channels: Int
    public let dwell: Double
    public let period: Double
    public let seed: UInt64
    var cachedBatch = -1
    var cachedSamples: [Int] = []

    public init(data: Matrix, channels: Int, dwell: Double, period: Double? = nil, seed: UInt64) {
        precondition(data.rows >= 1 && channels >= 1 && dwell > 0, "stimulus needs data, channels and a dwell time")
        self.data = data
        self.channels = channels
        self.dwell = dwell
        self.period = period ?? dwell
        self.seed = seed
    }

    public var neurons: Int { data.cols }
    public var batchesPerEpoch: Int { (data.rows + channels - 1) / channels }

    /// The number of the batch shown at time t (times at a boundary belong to the new batch; the 1e-9
    /// guards against the rounding of k·dt).
    public func batch(at t: Double) -> Int {
        max(0, Int((t / period + 1e-9).rounded(.down)))
    }

    /// The sample shown in every channel during batch g.
    public func samples(ofBatch g: Int) -> [Int] {
        let m = data.rows, perEpoch = batchesPerEpoch
        let order = Trainer.sampleOrder(count: m, epoch: g / perEpoch, seed: seed)
        let b = g % perEpoch
        return (0..<channels).map { order[(b * channels + $0) % m] }
    }

    /// The samples shown at time t (cached per batch).
    public mutating func samples(at t: Double) -> [Int] {
        let g = batch(at: t)
        if g != cachedBatch {
            cachedSamples = samples(ofBatch: g)
            cachedBatch = g
        }
        return cachedSamples
    }

    /// Neuron i's coordinate of a sample.
    @inlinable
    public func value(neuron i: Int, sample s: Int) -> Float { data[s, i] }

    /// The batch g as an N × B matrix (channels as columns), for the dense monitors.
    public func batchMatrix(_ g: Int) -> Matrix {
        let s = samples(ofBatch: g)
        var m = Matrix(rows: neurons, cols: channels)
        Trainer.gather(data, s[...], into: &m)
        return m
    }
}
