import DenseKernels
import Foundation
import NeuralAgents

/// The spike-timing dependence of the asymmetric flow rule, measured on the event-driven engine.
///
/// Protocol (one trial): two binary agents, pre j and post i, with asymmetric synapses Wᵢⱼ (measured) and Wⱼᵢ
/// (its reverse), both clamped like data: pre is held on during [T₀, T₀ + D] (an up-state, "spike"), post
/// during [T₀ + Δt, T₀ + Δt + D], both off otherwise. Pre's state reaches post `delay` later through a
/// forward event. Each agent updates on its own Poisson clock (mean interval τ) and at every update its
/// incoming synapse applies ``ProbabilityFlowRule``. Δw(Δt) is the total change of Wᵢⱼ over the trial, in
/// units of η. Positive Δt = pre before post.
///
/// Expected value (the rule is −ηFᵢ s̃ⱼ; it acts only while the received pre state s̃ⱼ is 1):
///
///     E[Δw]/η = (1/τ) [ ½e^{−½(w+bᵢ)} · overlap − ½e^{+½(w+bᵢ)} · (D − overlap) ],
///     overlap = max(0, D − |Δt − delay|),
///
/// a Hebbian coincidence window centred on Δt = delay: potentiation when post is on while the delayed pre
/// signal arrives, depression when pre arrives and post is off. With delay > 0 the window is asymmetric in Δt,
/// which is the STDP-like part; with delay = 0 it is symmetric.
public enum STDPWindow {
    public struct Pairing: Sendable {
        public var weight: Float = 0.5, reverseWeight: Float = 0, postBias: Float = -0.5, preBias: Float = -0.5
        public var upDuration = 1.0, delay = 0.5, meanInterval: Float = 0.1, learningRate: Float = 1e-3
        public init() {}
    }

    /// The changes (in units of η) of Wᵢⱼ (pre → post) and of the reverse synapse Wⱼᵢ in one trial at lag Δt.
    public static func trial(_ p: Pairing, lag: Double, seed: UInt64) -> (forward: Double, reverse: Double) {
        let w = Matrix(rows: 2, cols: 2, storage: [0, p.reverseWeight, p.weight, 0])
        let model = BoltzmannMachine(architecture: .fullyVisible(2), symmetric: false, weights: w, bias: [p.preBias, p.postBias])
        var agents = GlauberAgents(model, initialStates: Matrix(rows: 2, cols: 1), clock: .poisson(meanInterval: p.meanInterval),
                                   delay: p.delay, seed: seed)
        agents.clamped = [true, true]
        agents.attach(rule: ProbabilityFlowRule(learningRate: p.learningRate))
        let start = abs(lag) + p.delay + 1
        let changes = [(start, 0, Float(1)), (start + p.upDuration, 0, 0), (start + lag, 1, 1), (start + lag + p.upDuration, 1, 0)]
            .sorted { ($0.0, $0.2) < ($1.0, $1.2) }   // at equal times, switch off before on
        for (time, neuron, value) in changes {
            agents.run(until: time)
            agents.force(neuron, to: [value])
        }
        agents.run(until: start + abs(lag) + p.upDuration + p.delay + 1)
        let eta = Double(p.learningRate)
        return (Double(agents.model.weights[1, 0] - p.weight) / eta, Double(agents.model.weights[0, 1] - p.reverseWeight) / eta)
    }

    /// The expected Δw/η of the forward synapse at lag Δt (see the type's documentation).
    public static func expected(_ p: Pairing, lag: Double) -> Double {
        let u = Double(p.weight + p.postBias)
        let overlap = max(0, p.upDuration - abs(lag - p.delay))
        return (0.5 * Foundation.exp(-0.5 * u) * overlap - 0.5 * Foundation.exp(0.5 * u) * (p.upDuration - overlap)) / Double(p.meanInterval)
    }

    /// `trials` independent trials (clock seeds) at every lag: Δw/η per lag and trial.
    public static func measure(_ p: Pairing, lags: [Double], trials: Int, seed: UInt64) -> [[Double]] {
        lags.enumerated().map { k, lag in
            (0..<trials).map { t in trial(p, lag: lag, seed: seed &+ UInt64(k) &* 1_000_003 &+ UInt64(t) &* 7919).forward }
        }
    }
}
