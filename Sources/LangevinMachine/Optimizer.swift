import DenseKernels
import Optimization

/// The optimisers of the reference code (plain descent with decay, k = 5e-4, λ = 2e-6 in the paper; Adam
/// with coupled L2 weight decay, lr 5e-5 and 5e-7 on J in the later code) and the exponentiated-gradient
/// rule that keeps every coupling's sign (Dale's law). One implementation for every model family: `UpdateRule`.
public typealias OptimizerKind = UpdateRule

/// Moments of Adam (empty for other rules) and the number of steps taken. The moments are laid out as the
/// n² couplings followed by the n biases.
public struct OptimizerState: Sendable, Equatable {
    public var steps: Int = 0
    public var firstMoment: [Float] = []
    public var secondMoment: [Float] = []

    public init() {}
}

/// Applies one optimiser step to the parameters from a likelihood gradient. Self-couplings are left
/// untouched unless `learnDiagonal`; the bias is left untouched unless the model has one, and is never decayed.
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
        if kind.needsMoments && state.firstMoment.count != n * n + n {
            state.firstMoment = [Float](repeating: 0, count: n * n + n)
            state.secondMoment = [Float](repeating: 0, count: n * n + n)
        }
        let step = state.steps, rule = kind, hasBias = parameters.hasBias
        state.firstMoment.withUnsafeMutableBufferPointer { m in
            state.secondMoment.withUnsafeMutableBufferPointer { v in
                parameters.couplings.storage.withUnsafeMutableBufferPointer { j in
                    gradient.couplings.storage.withUnsafeBufferPointer { g in
                        rule.apply(weights: j.baseAddress!, gradient: g.baseAddress!, count: n * n, step: step,
                                   firstMoment: m.baseAddress, secondMoment: v.baseAddress)
                    }
                }
                guard hasBias else { return }
                parameters.bias.withUnsafeMutableBufferPointer { b in
                    gradient.bias.withUnsafeBufferPointer { g in
                        rule.withoutDecay.apply(weights: b.baseAddress!, gradient: g.baseAddress!, count: n, step: step,
                                                firstMoment: m.baseAddress.map { $0 + n * n },
                                                secondMoment: v.baseAddress.map { $0 + n * n })
                    }
                }
            }
        }
        for (i, value) in frozenDiagonal.enumerated() { parameters.couplings[i, i] = value }
    }
}
