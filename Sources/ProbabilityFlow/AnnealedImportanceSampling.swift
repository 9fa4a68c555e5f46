import DenseKernels
import Foundation
import LangevinMachine

/// Annealed importance sampling of log Z (Neal 2001; Salakhutdinov & Murray 2008) in the joint state space.
///
/// The path p_β(s) ∝ exp(−(1 − β)E_A(s) − βE(s)), E_A(s) = −aᵀs, runs from independent units with biases a
/// (β = 0, Z_A = Πᵢ(1 + e^{aᵢ})) to the machine (β = 1). Chain c starts from p_A; at each βₖ its log-weight
/// gains (βₖ − βₖ₋₁)(E_A(s) − E(s)) and then one Gibbs sweep leaves p_{βₖ} invariant. Then Z/Z_A is estimated
/// without bias by the mean of the weights wᶜ:
///
///     log Ẑ = log Z_A + log( (1/M) Σ_c wᶜ ).
///
/// Error bars: with r = w / max w, the standard error of the mean weight is sd(r)/√M, so (delta method)
/// se(log Ẑ) ≈ sd(r)/(√M r̄), and the ±3 SE interval of the mean weight maps to
/// [log(r̄ − 3 se_r), log(r̄ + 3 se_r)] (the lower end is −∞ when r̄ ≤ 3 se_r). The schedule is linear in β
/// (our choice; the MNIST run uses many temperatures instead of a tuned schedule).
public enum AnnealedImportanceSampling {
    public struct Estimate: Sendable {
        public var logPartition: Double
        public var standardError: Double
        public var lower: Double
        public var upper: Double
        public var chains: Int
        public var temperatures: Int
    }

    /// Base biases: logit of the (clipped) visible data means, 0 for hidden units.
    public static func baseBias(units n: Int, visibleMeans: [Float]) -> [Float] {
        (0..<n).map { i in
            guard i < visibleMeans.count else { return 0 }
            let p = min(max(visibleMeans[i], 1e-3), 1 - 1e-3)
            return Foundation.log(p / (1 - p))
        }
    }

    /// With `marginalizeHidden` (only when hidden units are conditionally independent given v, e.g. an RBM) the
    /// weights use the visible marginals of the path (Salakhutdinov & Murray 2008), which have lower variance.
    public static func logPartition(_ model: BoltzmannMachine, baseBias a: [Float], temperatures: Int, chains: Int,
                                    seed: UInt64, marginalizeHidden: Bool = false) -> Estimate {
        let n = model.unitCount
        precondition(a.count == n && temperatures >= 1 && chains >= 2, "AIS: one base bias per unit, ≥ 1 temperature, ≥ 2 chains")
        var x = Matrix(rows: n, cols: chains)
        for i in 0..<n {
            let stream = NoiseStreams.random(seed: seed, .sampleInit, step: 0, neuron: i)
            let p = BinaryUnits.firingProbability(a[i])
            for c in 0..<chains { x[i, c] = stream.uniform(UInt64(c)) < p ? 1 : 0 }
        }
        // log p*_β(x): the joint, or with `marginalizeHidden` the visible marginal of the path's p_β.
        let marginal = marginalizeHidden && FreeEnergy.isAvailable(model.architecture) && model.unitCount > model.visibleCount
        func logUnnormalized(_ beta: Double) -> [Double] {
            if marginal { return FreeEnergy.logUnnormalizedMarginals(model, states: x, beta: Float(beta), baseBias: a) }
            let energies = model.energies(x)
            return (0..<chains).map { c in
                var base = 0.0
                for i in 0..<n where x[i, c] != 0 { base += Double(a[i]) }
                return -beta * energies[c] + (1 - beta) * base
            }
        }
        var logWeights = [Double](repeating: 0, count: chains)
        var previous = 0.0
        for k in 1...temperatures {
            let beta = Double(k) / Double(temperatures)
            let now = logUnnormalized(beta), before = logUnnormalized(previous)
            for c in 0..<chains { logWeights[c] += now[c] - before[c] }
            previous = beta
            if k < temperatures {
                GibbsSampler.sweep(model, states: &x, seed: seed, purpose: .samplingNoise, step: UInt64(k),
                                   beta: Float(beta), baseBias: a)
            }
        }
        let logZA = a.reduce(0.0) { $0 + BinaryUnits.softplus(Double($1)) }
        let top = logWeights.max()!
        let r = logWeights.map { Foundation.exp($0 - top) }
        let mean = r.reduce(0, +) / Double(chains)
        let variance = r.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(chains - 1)
        let seMean = (variance / Double(chains)).squareRoot()
        let shift = logZA + top
        return Estimate(logPartition: shift + Foundation.log(mean), standardError: seMean / mean,
                        lower: mean > 3 * seMean ? shift + Foundation.log(mean - 3 * seMean) : -.infinity,
                        upper: shift + Foundation.log(mean + 3 * seMean), chains: chains, temperatures: temperatures)
    }
}

/// Unnormalised log-marginals of the visible units, log p*(v) = log Σ_h e^{−E(v, h)}, in closed form when the
/// hidden units are conditionally independent given v (two layers, no hidden–hidden links):
///
///     log p*(v) = ½ vᵀW_vv v + b_vᵀv + Σⱼ softplus(bⱼ + Σᵢ Wⱼᵢ vᵢ).
public enum FreeEnergy {
    public static func isAvailable(_ a: BoltzmannArchitecture) -> Bool {
        a.layers.count == 1 || (a.layers.count == 2 && !a.intraLayer[1])
    }

    /// log p*(v) for each column of `visible` (nv × B); nil if the architecture has no closed form.
    public static func logUnnormalizedMarginals(_ model: BoltzmannMachine, visible: Matrix) -> [Double]? {
        guard isAvailable(model.architecture) else { return nil }
        var x = Matrix(rows: model.unitCount, cols: visible.cols)
        x.storage.replaceSubrange(0..<visible.count, with: visible.storage)
        return logUnnormalizedMarginals(model, states: x, beta: 1, baseBias: nil)
    }

    /// The visible marginal of AIS's path distribution p_β(s) ∝ exp(−βE(s) + (1 − β)aᵀs), read from the visible
    /// rows of `x` (n × B; hidden rows ignored):
    /// β(½vᵀW_vv v + b_vᵀv) + (1 − β)a_vᵀv + Σⱼ softplus(βuⱼ(v) + (1 − β)aⱼ).
    static func logUnnormalizedMarginals(_ model: BoltzmannMachine, states: Matrix, beta: Float, baseBias a: [Float]?) -> [Double] {
        let nv = model.visibleCount, batch = states.cols
        var x = states
        for e in (nv * batch)..<x.count { x.storage[e] = 0 }
        let u = model.inputs(x)
        var result = [Double](repeating: 0, count: batch)
        for i in 0..<nv {
            let base = Double(a?[i] ?? 0)
            for c in 0..<batch where x[i, c] != 0 {
                result[c] += Double(beta) * 0.5 * Double(u[i, c] + model.bias[i]) + Double(1 - beta) * base
            }
        }
        for j in nv..<model.unitCount {
            let base = a?[j] ?? 0
            for c in 0..<batch { result[c] += BinaryUnits.softplus(Double(beta * u[j, c] + (1 - beta) * base)) }
        }
        return result
    }
}
