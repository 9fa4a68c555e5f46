import DenseKernels
import Foundation

/// The two optimisers of the reference code.
public enum OptimizerKind: Sendable, Equatable {
    /// J ← (1 − λ)J − k·G (the first code version; k = 5e-4, λ = 2e-6 in the paper). The bias gets the same
    /// step without decay.
    case gradientDescent(learningRate: Float, decay: Float)
    /// Adam (Kingma & Ba 2015) with L2 weight decay added to the gradient of J as in `torch.optim.Adam`
    /// (lr 5e-5, weight decay 5e-7 on J and none on b in the later code).
    case adam(learningRate: Float, weightDecay: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8)
}

/// Moments of Adam (empty for plain descent) and the number of steps taken.
public struct OptimizerState: Sendable, Equatable {
    public var steps: Int = 0
    public var firstMoment: [Float] = []
    public var secondMoment: [Float] = []

    public init() {}
}

/// Applies one optimiser step to the parameters from a likelihood gradient. Self-couplings are left
/// untouched unless `learnDiagonal`; the bias is left untouched unless the model has one.
public struct Optimizer: Sendable, Equatable {
    public var kind: OptimizerKind
    public var learnDiagonal: Bool

    public init(kind: OptimizerKind, learnDiagonal: Bool = false) {
        self.kind = kind
        self.learnDiagonal = learnDiagonal
    }

    public func apply(_ gradient: LikelihoodGradient, to parameters: inout Parameters, state: inout OptimizerState) {
        let n = parameters.neuronCount
        // Self-couplings are frozen (gradient, decay and all) unless they are learned.
        let frozenDiagonal = learnDiagonal ? [] : (0..<n).map { parameters.couplings[$0, $0] }
        state.steps += 1
        switch kind {
        case let .gradientDescent(k, decay):
            parameters.couplings.storage.withUnsafeMutableBufferPointer { j in
                gradient.couplings.storage.withUnsafeBufferPointer { g in
                    for e in 0..<j.count { j[e] = (1 - decay) * j[e] - k * g[e] }
                }
            }
            if parameters.hasBias { for i in 0..<n { parameters.bias[i] -= k * gradient.bias[i] } }
        case let .adam(lr, weightDecay, beta1, beta2, epsilon):
            let total = n * n + n
            if state.firstMoment.count != total {
                state.firstMoment = [Float](repeating: 0, count: total)
                state.secondMoment = [Float](repeating: 0, count: total)
            }
            let c1 = 1 - Float(Foundation.pow(Double(beta1), Double(state.steps)))
            let c2 = 1 - Float(Foundation.pow(Double(beta2), Double(state.steps)))
            state.firstMoment.withUnsafeMutableBufferPointer { m in
                state.secondMoment.withUnsafeMutableBufferPointer { v in
                    parameters.couplings.storage.withUnsafeMutableBufferPointer { j in
                        gradient.couplings.storage.withUnsafeBufferPointer { g in
                            for e in 0..<(n * n) {
                                let ge = g[e] + weightDecay * j[e]
                                m[e] = beta1 * m[e] + (1 - beta1) * ge
                                v[e] = beta2 * v[e] + (1 - beta2) * ge * ge
                                j[e] -= lr * (m[e] / c1) / ((v[e] / c2).squareRoot() + epsilon)
                            }
                        }
                    }
                    if parameters.hasBias {
                        for i in 0..<n {
                            let e = n * n + i
                            let ge = gradient.bias[i]
                            m[e] = beta1 * m[e] + (1 - beta1) * ge
                            v[e] = beta2 * v[e] + (1 - beta2) * ge * ge
                            parameters.bias[i] -= lr * (m[e] / c1) / ((v[e] / c2).squareRoot() + epsilon)
                        }
                    }
                }
            }
        }
        for (i, value) in frozenDiagonal.enumerated() { parameters.couplings[i, i] = value }
    }
}
