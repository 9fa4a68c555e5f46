import DenseKernels
import Foundation
import LangevinMachine

/// The largest Lyapunov exponent of the network's (noisy) dynamics, by Benettin's method: every chain is run
/// twice, a reference x and a copy y = x + ε·u started a distance ε away along a random unit direction u,
/// both driven by the same noise (same streams and step numbers, so the noise cancels in y − x). Every
/// `renormaliseEvery` steps the distance d = ‖y − x‖ is logged and y is pulled back to distance ε along
/// y − x. The estimate is
///
///     λ = Σ log(d_k / ε) / (K · renormaliseEvery · dt)
///
/// per chain (K renormalisations after a transient), in units of 1/time. λ > 0: nearby trajectories separate
/// (chaos; for the noisy flow, sensitivity to the initial state under a common noise); λ < 0: they converge
/// (noise-induced synchronisation of a stable flow). For the NLM's gradient flow with the Onsager feedback the
/// Jacobian of the drift at a minimum of E is −∇²E, so deterministic fixed points are stable; without it the
/// random network with g > 1 is chaotic (Sompolinsky, Crisanti & Sommers 1988).
public enum LyapunovEstimate {
    public struct Result: Sendable, Equatable {
        /// λ of every chain (1/time).
        public var exponents: [Double]
        /// Mean energy E = ½‖r‖² of the reference chains at the end.
        public var finalEnergy: Double
        public var mean: Double { exponents.reduce(0, +) / Double(max(exponents.count, 1)) }
        /// Standard error of `mean` over the chains.
        public var standardError: Double {
            let n = Double(exponents.count)
            guard n > 1 else { return .nan }
            let m = mean
            return (exponents.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1) / n).squareRoot()
        }
    }

    /// Estimates λ for `chains` chains from x ~ N(0, 1) (streams of `seed`), after `transient` steps, over
    /// `steps` further steps. `separation` is ε (in the Euclidean norm of R^N); it must be small enough for the
    /// linearisation and large against float rounding (1e-3 for N ~ 10²–10³ states of order 1).
    public static func largest(_ parameters: Parameters, temperature: Float, dt: Float, onsagerFeedback: Bool,
                               chains: Int, transient: Int, steps: Int, renormaliseEvery: Int = 10,
                               separation: Float = 1e-3, seed: UInt64) -> Result {
        precondition(chains >= 1 && steps >= renormaliseEvery && renormaliseEvery >= 1, "need chains ≥ 1 and steps ≥ renormaliseEvery ≥ 1")
        let n = parameters.neuronCount
        var dyn = DenseDynamics(parameters: parameters, temperature: temperature, dt: dt)
        dyn.onsagerFeedback = onsagerFeedback
        let noise = NoiseSource(seed: seed, purpose: .samplingNoise)
        var x = gaussianMatrix(rows: n, cols: chains, seed: seed, purpose: .sampleInit)
        var work = BatchWorkspace(neurons: n, columns: chains)
        dyn.run(&x, steps: transient, firstStep: 0, noise: noise, workspace: &work)

        // y = x + ε·u, u a random unit direction per chain.
        let u = gaussianMatrix(rows: n, cols: chains, seed: seed, purpose: .perturbation)
        var y = x
        for c in 0..<chains {
            var norm: Double = 0
            for i in 0..<n { norm += Double(u[i, c]) * Double(u[i, c]) }
            let scale = Double(separation) / max(norm.squareRoot(), 1e-30)
            for i in 0..<n { y[i, c] = x[i, c] + Float(Double(u[i, c]) * scale) }
        }
        var sums = [Double](repeating: 0, count: chains)
        var step = UInt64(transient)
        var done = 0
        var blocks = 0
        while done + renormaliseEvery <= steps {
            dyn.run(&x, steps: renormaliseEvery, firstStep: step, noise: noise, workspace: &work)
            dyn.run(&y, steps: renormaliseEvery, firstStep: step, noise: noise, workspace: &work)
            step += UInt64(renormaliseEvery)
            done += renormaliseEvery
            blocks += 1
            for c in 0..<chains {
                var d2: Double = 0
                for i in 0..<n { let e = Double(y[i, c]) - Double(x[i, c]); d2 += e * e }
                let d = max(d2.squareRoot(), 1e-30)
                sums[c] += Foundation.log(d / Double(separation))
                let scale = Double(separation) / d
                for i in 0..<n { y[i, c] = x[i, c] + Float((Double(y[i, c]) - Double(x[i, c])) * scale) }
            }
        }
        let time = Double(blocks * renormaliseEvery) * Double(dt)
        let energies = dyn.energies(of: x)
        return Result(exponents: sums.map { $0 / time },
                      finalEnergy: Double(energies.reduce(0, +)) / Double(max(energies.count, 1)))
    }
}
