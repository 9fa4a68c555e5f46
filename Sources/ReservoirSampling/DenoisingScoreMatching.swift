import DenseKernels
import Foundation
import Optimization

/// Denoising score matching (Vincent 2011): for data x, noise ε ~ N(0, I) and level σ, x̃ = x + σε and
///
///     L = (1/B) Σ_batch ½ ‖s(x̃) + ε/σ‖²,
///
/// whose minimiser over all functions is the score of p ∗ N(0, σ²I). Gradients by hand: with e = s(x̃) + ε/σ,
/// reservoir s = −x̃ + W₁φ(h), h = W₂x̃ + b:  ∂L/∂W₁ = eᵀφ(h)/B, ∂L/∂h = (eW₁) ⊙ φ′(h), ∂L/∂W₂ = (∂L/∂h)ᵀx̃/B,
/// ∂L/∂b = Σ ∂L/∂h / B; synaptic currents s = −u + Wφ(u) + b: ∂L/∂W = eᵀφ(u)/B, ∂L/∂b = Σe/B;
/// firing rates s = −r + φ(Wr + b): ∂L/∂h = e ⊙ φ′(h), ∂L/∂W = (∂L/∂h)ᵀr/B, ∂L/∂b = Σ ∂L/∂h / B.
public enum DenoisingScoreMatching {
    /// The loss at noisy states `noisy` = x + σε with their ε, and its gradient per tensor (names as
    /// ``ScoreModel/tensors``).
    public static func lossAndGradient(_ model: ScoreModel, noisy: Matrix, epsilon: Matrix, sigma: Float) -> (loss: Double, gradients: [String: [Float]]) {
        let b = noisy.rows, d = model.dimension
        let (s, h, a) = model.evaluateWithActivity(noisy)
        var e = s
        var loss = 0.0
        for k in 0..<e.count {
            e.storage[k] += epsilon.storage[k] / sigma
            loss += 0.5 * Double(e.storage[k]) * Double(e.storage[k])
        }
        let scale = 1 / Float(b)
        for k in 0..<e.count { e.storage[k] *= scale }
        var g: [String: [Float]] = [:]
        switch model.architecture {
        case .reservoir:
            g["w1"] = Matrix.product(e, .transposed, a, .none).storage                    // d × N
            var dh = Matrix.product(e, .none, model.w1, .none)                              // B × N
            model.nonlinearity.multiplyBySlope(&dh.storage, at: h.storage)
            g["w2"] = Matrix.product(dh, .transposed, noisy, .none).storage                 // N × d
            g["bias"] = dh.columnSums()
        case .synapticCurrent:
            g["w1"] = Matrix.product(e, .transposed, a, .none).storage
            g["bias"] = e.columnSums()
        case .firingRate:
            var dh = e
            model.nonlinearity.multiplyBySlope(&dh.storage, at: h.storage)
            g["w1"] = Matrix.product(dh, .transposed, noisy, .none).storage
            g["bias"] = dh.columnSums()
        }
        return (loss / Double(b), g)
    }

    /// The noise levels of the curriculum: σ_k = σ_max·(σ_min/σ_max)^{k/(L−1)}, k = 0…L−1 (geometric).
    public static func levels(count: Int, from high: Float = 1, to low: Float = 0.0158) -> [Float] {
        precondition(count >= 1 && high > 0 && low > 0, "levels need count ≥ 1 and positive ends")
        guard count > 1 else { return [low] }
        return (0..<count).map { high * Float(Foundation.pow(Double(low / high), Double($0) / Double(count - 1))) }
    }

    /// The noisy batch x̃ = x + σε of training step `step` and its ε (streams of `seed`); with `antithetic`
    /// every row enters twice, with ε and with −ε (2B rows).
    public static func corrupt(_ x: Matrix, sigma: Float, antithetic: Bool, seed: UInt64, step: Int) -> (noisy: Matrix, epsilon: Matrix) {
        let noise = RandomStream(seed: seed, stream: 0x4453_4D00 &+ UInt64(step))
        var x = x
        var eps = Matrix(rows: x.rows, cols: x.cols)
        noise.fillGaussian(&eps.storage, startingAt: 0)
        if antithetic {
            x = Matrix(rows: 2 * x.rows, cols: x.cols, storage: x.storage + x.storage)
            eps = Matrix(rows: 2 * eps.rows, cols: eps.cols, storage: eps.storage + eps.storage.map { -$0 })
        }
        var noisy = x
        for i in 0..<noisy.count { noisy.storage[i] += sigma * eps.storage[i] }
        return (noisy, eps)
    }

    /// How the noise of each step is drawn and how the learning rate moves during training.
    public struct Schedule: Sendable, Equatable {
        /// Pair every ε with −ε (each data row enters twice, at x + σε and x − σε). Still an unbiased estimate
        /// of the loss, but the 1/σ-sized term ε/σ·∂s/∂θ cancels to first order between the pair, so the
        /// gradient's variance no longer grows like 1/σ² at the small levels (our choice; the authors draw
        /// independent noise).
        public var antithetic: Bool
        /// The learning rate falls geometrically from its value at the first step to this factor times it at
        /// the last: lr_t = lr·factor^{t/(T−1)} over all T steps of all levels (1: constant).
        public var finalLearningRateFactor: Float

        public init(antithetic: Bool = false, finalLearningRateFactor: Float = 1) {
            self.antithetic = antithetic
            self.finalLearningRateFactor = finalLearningRateFactor
        }
    }

    /// Trains `model` on batches drawn by `batch(step)` (B × d data), `stepsPerLevel` Adam steps at each level
    /// of `levels` in turn (the optimiser restarted at every level, as the authors' code does for the 1-D
    /// target). Returns the mean loss of the last 10% of steps of every level.
    public static func train(_ model: inout ScoreModel, levels: [Float], stepsPerLevel: Int, rule: UpdateRule,
                             schedule: Schedule = Schedule(), seed: UInt64, batch: (Int) -> Matrix) -> [Double] {
        var finalLosses: [Double] = []
        var step = 0
        let totalSteps = levels.count * stepsPerLevel
        for sigma in levels {
            var optimizer = TensorOptimizer(rule: rule)
            var tail = 0.0, tailCount = 0
            for k in 0..<stepsPerLevel {
                let (noisy, eps) = corrupt(batch(step), sigma: sigma, antithetic: schedule.antithetic, seed: seed, step: step)
                let (loss, g) = lossAndGradient(model, noisy: noisy, epsilon: eps, sigma: sigma)
                if schedule.finalLearningRateFactor != 1 {
                    let progress = Double(step) / Double(max(totalSteps - 1, 1))
                    optimizer.rule = rule.scaled(by: Float(Foundation.pow(Double(schedule.finalLearningRateFactor), progress)))
                }
                optimizer.beginStep()
                for (name, values) in model.tensors {
                    var w = values
                    optimizer.update(name, weights: &w, gradient: g[name]!, decays: name != "bias")
                    model.setTensor(name, w)
                }
                if k >= stepsPerLevel * 9 / 10 { tail += loss; tailCount += 1 }
                step += 1
            }
            finalLosses.append(tail / Double(max(tailCount, 1)))
        }
        return finalLosses
    }
}
