/// The optimiser state of a model made of several named tensors: one step counter and, for Adam, first and
/// second moments per tensor. A value type, so checkpoints copy it as is.
public struct TensorOptimizer: Sendable, Equatable {
    public var rule: UpdateRule
    /// Steps taken (Adam's bias correction uses steps + 1 for the next one).
    public var steps: Int = 0
    /// Adam's moments, keyed by tensor name (empty for rules without moments).
    public var firstMoments: [String: [Float]] = [:]
    public var secondMoments: [String: [Float]] = [:]

    public init(rule: UpdateRule) { self.rule = rule }

    /// Starts a step: call once per update, before `update(_:…)` of each tensor.
    public mutating func beginStep() { steps += 1 }

    /// Updates tensor `name` from its loss gradient (same count). `decays` = false applies the rule without
    /// weight decay (biases). Call `beginStep()` first.
    public mutating func update(_ name: String, weights: inout [Float], gradient: [Float], decays: Bool = true) {
        precondition(weights.count == gradient.count, "tensor \(name): \(weights.count) weights, \(gradient.count) gradients")
        precondition(steps > 0, "call beginStep() before update(_:)")
        let rule = decays ? self.rule : self.rule.withoutDecay
        let n = weights.count
        guard n > 0 else { return }
        if rule.needsMoments {
            var m = firstMoments[name] ?? [Float](repeating: 0, count: n)
            var v = secondMoments[name] ?? [Float](repeating: 0, count: n)
            precondition(m.count == n && v.count == n, "tensor \(name) changed size")
            firstMoments[name] = nil; secondMoments[name] = nil   // keep the arrays uniquely referenced
            weights.withUnsafeMutableBufferPointer { w in
                gradient.withUnsafeBufferPointer { g in
                    m.withUnsafeMutableBufferPointer { mp in
                        v.withUnsafeMutableBufferPointer { vp in
                            rule.apply(weights: w.baseAddress!, gradient: g.baseAddress!, count: n, step: steps,
                                       firstMoment: mp.baseAddress!, secondMoment: vp.baseAddress!)
                        }
                    }
                }
            }
            firstMoments[name] = m; secondMoments[name] = v
        } else {
            weights.withUnsafeMutableBufferPointer { w in
                gradient.withUnsafeBufferPointer { g in
                    rule.apply(weights: w.baseAddress!, gradient: g.baseAddress!, count: n, step: steps,
                               firstMoment: nil, secondMoment: nil)
                }
            }
        }
    }
}
