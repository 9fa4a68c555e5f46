import DenseKernels
import Foundation
import LinearAlgebra

/// The reservoir sampler as a circuit (Chen, Jiang, Rao & Shea-Brown 2023): N reservoir neurons with
/// firing-rate dynamics and d output units reading them out,
///
///     dr = (−r + φ(W_rec r + b)) dt + Σ dW,   x = W_out r,
///
/// with W_out = W₁, W_rec = W₂W₁ (rank ≤ d) and Σ = √2·W₁⁺, W₁⁺ = W₁ᵀ(W₁W₁ᵀ)⁻¹ the right pseudo-inverse.
/// Because W_out W₁⁺ = I and φ(W_rec r + b) = φ(W₂x + b), the output obeys exactly
/// dx = (−x + W₁φ(W₂x + b)) dt + √2 dW: Langevin dynamics with the learned score (``ScoreModel``).
public struct ReservoirCircuit: Sendable {
    public let model: ScoreModel
    /// W_rec = W₂W₁ (N × N), assembled once.
    public let recurrent: Matrix
    /// W₁⁺ (N × d), computed in double.
    public let pseudoInverse: Matrix

    public init(_ model: ScoreModel) throws {
        precondition(model.architecture == .reservoir, "a circuit needs the reservoir architecture")
        self.model = model
        let d = model.dimension, n = model.reservoirSize
        recurrent = Matrix.product(model.w2, .none, model.w1, .none)
        let w1 = try RealMatrix(rows: d, columns: n, elements: model.w1.storage)
        let gram = RealMatrix(rows: d, columns: d) { i, j in (0..<n).reduce(0) { $0 + w1[i, $1] * w1[j, $1] } }
        let inverse = try LUDecomposition(gram).inverse()
        var p = Matrix(rows: n, cols: d)
        for k in 0..<n { for j in 0..<d { p[k, j] = Float((0..<d).reduce(0) { $0 + w1[$1, k] * inverse[$1, j] }) } }
        pseudoInverse = p
    }

    /// The Gaussian increments ξ (B × d) of step `step`: one stream per step, chain c and output i at index
    /// c·d + i, shared by the circuit and the output SDE so that both can be driven by the same noise.
    public static func noise(chains: Int, dimension d: Int, step: Int, seed: UInt64) -> Matrix {
        let s = RandomStream(seed: seed, stream: 0x5253_4E4E_0000 &+ UInt64(step))
        var xi = Matrix(rows: chains, cols: d)
        s.fillGaussian(&xi.storage, startingAt: 0)
        return xi
    }

    /// Euler–Maruyama for the reservoir states r (B × N, one chain per row):
    /// r ← r + dt(−r + φ(r W_recᵀ + b)) + √(2dt)·ξ W₁⁺ᵀ. `factored` computes W_rec r as W₂(W₁r) (O(Nd) per
    /// chain instead of O(N²)); both are the same map.
    public func simulate(_ r0: Matrix, steps: Int, dt: Float, seed: UInt64, factored: Bool = true, firstStep: Int = 0) -> Matrix {
        var r = r0
        let b = r.rows, n = model.reservoirSize, d = model.dimension
        let root = (2 * dt).squareRoot()
        for t in 0..<steps {
            let drive = factored
                ? Matrix.product(Matrix.product(r, .none, model.w1, .transposed), .none, model.w2, .transposed)
                : Matrix.product(r, .none, recurrent, .transposed)
            let kick = Matrix.product(Self.noise(chains: b, dimension: d, step: firstStep + t, seed: seed), .none, pseudoInverse, .transposed)
            var rate = drive.storage
            model.nonlinearity.applyWithBias(&rate, bias: model.bias)
            r.storage.withUnsafeMutableBufferPointer { state in
                rate.withUnsafeBufferPointer { phi in
                    kick.storage.withUnsafeBufferPointer { xi in
                        for k in 0..<(b * n) { state[k] += dt * (phi[k] - state[k]) + root * xi[k] }
                    }
                }
            }
        }
        return r
    }

    /// The read-out x = W_out r (B × d).
    public func output(_ r: Matrix) -> Matrix { Matrix.product(r, .none, model.w1, .transposed) }
}

/// Langevin dynamics dx = s(x)dt + √2 dW of any score model, by Euler–Maruyama with the increments of
/// ``ReservoirCircuit/noise(chains:dimension:step:seed:)``.
public enum LangevinSampler {
    public static func simulate(_ model: ScoreModel, _ x0: Matrix, steps: Int, dt: Float, seed: UInt64, firstStep: Int = 0) -> Matrix {
        var x = x0
        let root = (2 * dt).squareRoot()
        for t in 0..<steps {
            let s = model.score(x)
            let xi = ReservoirCircuit.noise(chains: x.rows, dimension: model.dimension, step: firstStep + t, seed: seed)
            for k in 0..<x.count { x.storage[k] += dt * s.storage[k] + root * xi.storage[k] }
        }
        return x
    }
}
