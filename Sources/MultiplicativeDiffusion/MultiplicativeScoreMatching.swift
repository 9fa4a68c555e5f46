import DenseKernels
import Foundation
import Optimization

/// Multiplicative denoising score matching (M-DSM, gbm.md §2):
///
///     J(θ) = E_τ E_{x₀} E_{x_τ|x₀} λ(τ) ‖ x_τ ∘ s_θ(x_τ, τ) − x_τ ∘ ∇log p(x_τ | x₀) ‖²,
///
/// with the closed-form conditional Hyvärinen score of GBM
///
///     x_τ ∘ ∇log p(x_τ | x₀) = −1 − (log(x_τ/x₀) − (μ − σ²/2)τ)/(σ²τ) = −1 − z/(σ√τ),
///
/// and the authors' weight λ(τ) = (σ²τ)² (their residual r = σ²τ·(h_θ − target)). τ is drawn uniformly from the
/// levels {1, …, N−1}/N (without the authors' off-by-one between noising and loss time).
public enum MultiplicativeScoreMatching {
    /// How the squared error is weighted over time.
    public enum Weighting: String, Sendable, CaseIterable {
        /// λ(τ) = (σ²τ)², the authors' loss: Σ r² with r = σ²τ(h_θ − target) = σ√τ(ε̂ − z) for ``ScoreNetwork``.
        case hyvarinen
        /// λ(τ) = σ²τ: uniform weight on the noise-prediction error ‖ε̂ − z‖² (DDPM's "simple" loss).
        case noise

        /// λ(τ)·(σ√τ)⁻², the weight of ‖ε̂ − z‖² implied by λ.
        public func noiseWeight(time tau: Float, process p: GeometricBrownianMotion) -> Float {
            self == .hyvarinen ? p.variance * tau : 1
        }
    }

    /// −1 − z/(σ√τ): the conditional Hyvärinen score at x_τ = x₀ exp((μ − σ²/2)τ + σ√τ z).
    @inlinable public static func conditionalTarget(noise z: Float, time tau: Float, process p: GeometricBrownianMotion) -> Float {
        -1 - z / (p.volatility * tau.squareRoot())
    }

    /// The authors' residual r = σ²τ·h + log x_τ − log x₀ − μτ + 1.5σ²τ, which equals σ²τ·(h − target): zero
    /// exactly at the conditional target. Evaluated in double precision from σ and μ.
    @inlinable public static func residual(score h: Double, logNoised: Double, logClean: Double, time tau: Double,
                                           process p: GeometricBrownianMotion) -> Double {
        let sigma = Double(p.volatility), s2 = sigma * sigma
        return s2 * tau * h + logNoised - logClean - Double(p.drift) * tau + 1.5 * s2 * tau
    }

    /// One training batch: log x₀ rows, their times and noises.
    public struct Batch: Sendable {
        public var logClean: Matrix, times: [Float], noise: Matrix
        public init(logClean: Matrix, times: [Float], noise: Matrix) {
            self.logClean = logClean
            self.times = times
            self.noise = noise
        }

        /// log x_τ = log x₀ + (μ − σ²/2)τ + σ√τ z, row by row.
        public func logNoised(_ p: GeometricBrownianMotion) -> Matrix {
            let d = logClean.cols
            return Matrix(rows: logClean.rows, cols: d, storage: (0..<logClean.count).map { e in
                let tau = times[e / d]
                return logClean.storage[e] + p.logDrift * tau + p.volatility * tau.squareRoot() * noise.storage[e]
            })
        }
    }

    /// The loss (1/B) Σ_rows Σ_i λ(τ)(h_θ − target)² = (1/B) Σ w(τ)(ε̂ − z)² and its gradient in
    /// ``ScoreNetwork/tensors`` order.
    public static func lossAndGradient(_ model: ScoreNetwork, _ batch: Batch, weighting: Weighting) -> (loss: Double, gradients: [[Float]]) {
        let (pre, post) = model.forward(logStates: batch.logNoised(model.process), times: batch.times)
        let out = post.last!
        let d = model.dimension, b = out.rows
        var g = Matrix(rows: b, cols: d)
        var loss = 0.0
        for r in 0..<b {
            let w = weighting.noiseWeight(time: batch.times[r], process: model.process) / Float(b)
            for i in 0..<d {
                let e = r * d + i
                let diff = out.storage[e] - batch.noise.storage[e]
                loss += Double(w) * Double(diff) * Double(diff)
                g.storage[e] = 2 * w * diff
            }
        }
        return (loss, model.backward(g, pre: pre, post: post))
    }

    /// The batch of step `step`: B rows of `data` (positive, one sample per row) chosen uniformly with the
    /// `.batch` stream, τ = k/N with k uniform on 1…N−1 (`.time` stream), z from the `.training` stream.
    public static func batch(from data: Matrix, size: Int, levels: Int, step: Int, seed: UInt64) -> Batch {
        let d = data.cols
        let pick = DiffusionStreams.stream(seed: seed, .batch, step: step), time = DiffusionStreams.stream(seed: seed, .time, step: step)
        var logs = Matrix(rows: size, cols: d)
        var times = [Float](repeating: 0, count: size)
        for r in 0..<size {
            let row = min(data.rows - 1, Int(pick.uniform(UInt64(r)) * Float(data.rows)))
            for i in 0..<d { logs.storage[r * d + i] = Foundation.log(data.storage[row * d + i]) }
            let k = 1 + min(levels - 2, Int(time.uniform(UInt64(r)) * Float(levels - 1)))
            times[r] = Float(max(1, k)) / Float(levels)
        }
        return Batch(logClean: logs, times: times, noise: DiffusionStreams.gaussians(rows: size, cols: d, seed: seed, .training, step: step))
    }

    /// Trains `model` for `steps` updates of `rule` on batches of `data`, with a linear learning-rate decay to
    /// `finalFraction` of the rule's rate. Returns the mean loss of each block of `reportEvery` steps;
    /// `progress` is told after each block.
    @discardableResult
    public static func train(_ model: inout ScoreNetwork, data: Matrix, steps: Int, batchSize: Int, levels: Int,
                             rule: UpdateRule, weighting: Weighting, finalFraction: Float = 1, seed: UInt64,
                             reportEvery: Int = 100, progress: ((Int, Double) -> Void)? = nil) -> [Double] {
        var optimizer = TensorOptimizer(rule: rule)
        var blocks: [Double] = [], sum = 0.0, count = 0
        for step in 0..<steps {
            let batch = batch(from: data, size: batchSize, levels: levels, step: step, seed: seed)
            let (loss, gradients) = lossAndGradient(model, batch, weighting: weighting)
            optimizer.rule = rule.scaled(by: 1 - (1 - finalFraction) * Float(step) / Float(max(1, steps)))
            optimizer.beginStep()
            for (k, tensor) in model.tensors.enumerated() {
                var values = tensor.values
                optimizer.update(tensor.name, weights: &values, gradient: gradients[k], decays: tensor.name.hasPrefix("w"))
                model.setTensor(tensor.name, values)
            }
            sum += loss; count += 1
            if count == reportEvery || step == steps - 1 {
                blocks.append(sum / Double(count))
                progress?(step + 1, sum / Double(count))
                sum = 0; count = 0
            }
        }
        return blocks
    }
}
