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
                    let p = UpdatePointers(j: j.baseAddress!, g: g.baseAddress!, m: j.baseAddress!, v: j.baseAddress!)
                    // Element-wise, so any split over the pool gives the same bits.
                    ParallelWorkers.shared.forEachChunk(rows: j.count, granularity: 4096) { range in
                        var e = range.lowerBound
                        while e < range.upperBound {
                            p.j[e] = (1 - decay) * p.j[e] - k * p.g[e]
                            e &+= 1
                        }
                    }
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
                            let p = UpdatePointers(j: j.baseAddress!, g: g.baseAddress!, m: m.baseAddress!,
                                                   v: v.baseAddress!)
                            ParallelWorkers.shared.forEachChunk(rows: n * n, granularity: 4096) { range in
                                var e = range.lowerBound
                                while e < range.upperBound {
                                    let ge = p.g[e] + weightDecay * p.j[e]
                                    p.m[e] = beta1 * p.m[e] + (1 - beta1) * ge
                                    p.v[e] = beta2 * p.v[e] + (1 - beta2) * ge * ge
                                    p.j[e] -= lr * (p.m[e] / c1) / ((p.v[e] / c2).squareRoot() + epsilon)
                                    e &+= 1
                                }
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

/// Raw pointers of one optimiser step, shared by the pool's threads (each touches disjoint elements).
struct UpdatePointers: @unchecked Sendable {
    let j: UnsafeMutablePointer<Float>
    let g: UnsafePointer<Float>
    let m: UnsafeMutablePointer<Float>
    let v: UnsafeMutablePointer<Float>
}
