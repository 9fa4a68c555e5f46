import DenseKernels
import Foundation
import NeuralAgents
import ProbabilityFlow

/// Small machines and exact samples shared by the tests.
enum TestModels {
    /// Agents of an RBM-like machine whose visible units are clamped to `data` (one column per chain) and whose
    /// hidden units run in rate mode (mean-field rates), starting at ½.
    static func clampedVisibleAgents(_ m: BoltzmannMachine, data: Matrix, clock: NeuronClock, seed: UInt64) -> GlauberAgents {
        var x0 = Matrix(rows: m.unitCount, cols: data.cols, repeating: 0.5)
        x0.storage.replaceSubrange(0..<data.count, with: data.storage)
        var agents = GlauberAgents(m, initialStates: x0, clock: clock, seed: seed)
        for i in 0..<data.rows { agents.clamped[i] = true }
        for i in data.rows..<m.unitCount { agents.rateMode[i] = true }
        return agents
    }

    /// A machine with couplings of standard deviation `scale` and biases of `biasScale`.
    static func random(_ a: BoltzmannArchitecture, scale: Float, biasScale: Float = 0.5, symmetric: Bool = true,
                       seed: UInt64) -> BoltzmannMachine {
        var m = BoltzmannMachine(architecture: a, symmetric: symmetric, weightScale: scale, seed: seed)
        let s = RandomStream(seed: seed, stream: 99)
        for i in 0..<m.unitCount { m.bias[i] = biasScale * s.gaussian(UInt64(i)) }
        return m
    }

    /// `count` exact samples (columns) of a distribution over 2ⁿ states, by inverse CDF.
    static func samples(logProbabilities logp: [Double], units n: Int, count: Int, seed: UInt64) -> Matrix {
        var cdf = [Double](repeating: 0, count: logp.count)
        var total = 0.0
        for s in 0..<logp.count { total += exp(logp[s]); cdf[s] = total }
        let stream = RandomStream(seed: seed, stream: 7)
        var x = Matrix(rows: n, cols: count)
        for c in 0..<count {
            let u = Double(stream.uniform(UInt64(c))) * total
            var lo = 0, hi = cdf.count - 1
            while lo < hi { let mid = (lo + hi) / 2; if cdf[mid] < u { lo = mid + 1 } else { hi = mid } }
            for i in 0..<n where (lo >> i) & 1 == 1 { x[i, c] = 1 }
        }
        return x
    }

    /// KL(p ‖ q) between two distributions given as log-probabilities.
    static func kl(_ logp: [Double], _ logq: [Double]) -> Double {
        zip(logp, logq).reduce(0) { $0 + exp($1.0) * ($1.0 - $1.1) }
    }

    /// Exact ⟨sᵢsⱼ⟩ (i ≠ j) and ⟨sᵢ⟩ (i = j) of a distribution over 2ⁿ states.
    static func moments(_ logp: [Double], units n: Int) -> [Double] {
        var m = [Double](repeating: 0, count: n * n)
        for s in 0..<logp.count {
            let p = exp(logp[s])
            for i in 0..<n where (s >> i) & 1 == 1 { for j in 0..<n where (s >> j) & 1 == 1 { m[i * n + j] += p } }
        }
        return m
    }
}
