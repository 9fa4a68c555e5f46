import Foundation
import LangevinMachine

/// The state of spiking transmission: per (neuron, chain) the number of candidate spikes drawn, and per
/// postsynaptic neuron k and chain the summed synaptic trace Aₖ = Σⱼ Jₖⱼ aⱼ, stored relative to k's own
/// reference time (Aₖ(t) = stored·e^{−(t − t_ref,k)/τ}), so a spike costs one multiply-add per target and
/// the decay is applied when k reads its input.
struct SpikeState: Sendable {
    var candidates: [UInt64]
    var trace: [Float]
    var reference: [Double]
    /// Σⱼ Jₖⱼ: with φ̂ⱼ = 2aⱼ/r_max − 1, hₖ = Σⱼ Jₖⱼ φ̂ⱼ = (2/r_max)Aₖ − Σⱼ Jₖⱼ.
    var rowSums: [Float]

    init(neurons n: Int, chains b: Int, weights: [Float], start: Double) {
        candidates = [UInt64](repeating: 0, count: n * b)
        trace = [Float](repeating: 0, count: n * b)
        reference = [Double](repeating: start, count: n)
        rowSums = (0..<n).map { k in (0..<n).reduce(Float(0)) { $0 + weights[k * n + $1] } }
    }
}

extension AgentNetwork {
    var spikeParameters: (maxRate: Float, traceTime: Float) {
        if case let .spiking(r, tau) = configuration.transmission { return (r, tau) }
        return (1, 1)
    }

    /// Uniform number `index` of candidate `k` of (neuron j, chain c): index 2c for the interval, 2c + 1 for
    /// the acceptance test, from stream (spikes, step k, neuron j).
    func spikeUniform(neuron j: Int, chain c: Int, candidate k: UInt64, acceptance: Bool) -> Float {
        let index = 2 * (configuration.firstChain + UInt64(c)) + (acceptance ? 1 : 0)
        return NoiseStreams.random(seed: configuration.seed, .spikes, step: k, neuron: j).uniform(index)
    }

    mutating func scheduleFirstSpikes() {
        let b = spontaneous.chains, rate = spikeParameters.maxRate
        for j in 0..<neuronCount {
            for c in 0..<b {
                let u = spikeUniform(neuron: j, chain: c, candidate: 0, acceptance: false)
                scheduler.schedule(.spike, at: start - Double(Foundation.log(u)) / Double(rate), neuron: j, chain: c)
            }
        }
    }

    /// A candidate spike of chain c of neuron j: accepted with probability (1 + φⱼ)/2 (thinning of a
    /// rate-r_max process gives rate r_max(1 + φⱼ)/2 exactly, even while φⱼ changes); an accepted spike adds
    /// Jₖⱼ/τ to every target's trace. Then the next candidate is scheduled.
    mutating func spike(neuron j: Int, chain c: Int, at t: Double) {
        let b = spontaneous.chains, n = neuronCount
        let (maxRate, tau) = spikeParameters
        let k = spikes!.candidates[j * b + c]
        let accept = spikeUniform(neuron: j, chain: c, candidate: k, acceptance: true)
        if accept < 0.5 * (1 + spontaneous.rate[j * b + c]) {
            statistics.spikes += 1
            recorder?.recordSpike(neuron: j, chain: c, at: t)
            let invTau = 1 / Double(tau)
            let reference = spikes!.reference
            weights.withUnsafeBufferPointer { w in
                spikes!.trace.withUnsafeMutableBufferPointer { a in
                    reference.withUnsafeBufferPointer { ref in
                        for post in 0..<n {
                            let gain = Float(invTau * Foundation.exp((t - ref[post]) * invTau))
                            a[post * b + c] = a[post * b + c].addingProduct(w[post * n + j], gain)
                        }
                    }
                }
            }
        }
        spikes!.candidates[j * b + c] = k + 1
        let u = spikeUniform(neuron: j, chain: c, candidate: k + 1, acceptance: false)
        scheduler.schedule(.spike, at: t - Double(Foundation.log(u)) / Double(maxRate), neuron: j, chain: c)
    }

    /// Neuron k reads its trace: decays it to time t, makes t its new reference, and sets its drive to the
    /// rate estimate hₖ = (2/r_max)Aₖ − Σⱼ Jₖⱼ.
    mutating func refreshSpikeDrive(_ k: Int, at t: Double) {
        let b = spontaneous.chains
        let (maxRate, tau) = spikeParameters
        let decay = Float(Foundation.exp(-(t - spikes!.reference[k]) / Double(tau)))
        let offset = spikes!.rowSums[k]
        for c in 0..<b {
            let a = spikes!.trace[k * b + c] * decay
            spikes!.trace[k * b + c] = a
            spontaneous.drive[k * b + c] = 2 * a / maxRate - offset
        }
        spikes!.reference[k] = t
    }
}
