import Foundation

/// The firing-rate nonlinearity φ of a reservoir or sampler network, with its derivative φ′.
public enum Nonlinearity: String, Sendable, CaseIterable {
    /// φ(h) = max(h, 0), φ′ = [h > 0] (the papers' default).
    case relu
    /// φ(h) = tanh h, φ′ = 1 − φ².
    case tanh
    /// φ(h) = log(1 + eʰ), φ′ = σ(h), computed without overflow.
    case softplus

    @inlinable public func value(_ h: Float) -> Float {
        switch self {
        case .relu: return max(h, 0)
        case .tanh: return Foundation.tanh(h)
        case .softplus: return h > 20 ? h : (h < -20 ? Foundation.exp(h) : Foundation.log1p(Foundation.exp(h)))
        }
    }

    @inlinable public func slope(_ h: Float) -> Float {
        switch self {
        case .relu: return h > 0 ? 1 : 0
        case .tanh: let t = Foundation.tanh(h); return 1 - t * t
        case .softplus: return 1 / (1 + Foundation.exp(-h))
        }
    }

    /// Calls `body` with φ as a closure chosen once, so loops over many elements switch on the case once
    /// instead of per element (the closure is specialised where `body` is inlined).
    @inlinable @inline(__always)
    public func withFunction<R>(_ body: ((Float) -> Float) -> R) -> R {
        switch self {
        case .relu: return body { max($0, 0) }
        case .tanh: return body { Foundation.tanh($0) }
        case .softplus: return body { $0 > 20 ? $0 : ($0 < -20 ? Foundation.exp($0) : Foundation.log1p(Foundation.exp($0))) }
        }
    }

    /// φ(h) for every element, in place.
    public func apply(_ h: inout [Float]) {
        withFunction { phi in
            h.withUnsafeMutableBufferPointer { p in
                for i in p.indices { p[i] = phi(p[i]) }
            }
        }
    }

    /// φ(h + b_j) for every element of a row-major B × N matrix h, b of length N ≥ 1, in place: one pass, fusing
    /// `Matrix.addToEachRow` and ``apply(_:)`` for the sampler's inner loop.
    public func applyWithBias(_ h: inout [Float], bias: [Float]) {
        let n = bias.count
        precondition(n > 0 && h.count % n == 0, "h must have a whole number of rows of the bias's length")
        withFunction { phi in
            h.withUnsafeMutableBufferPointer { p in
                bias.withUnsafeBufferPointer { b in
                    var k = 0
                    while k < p.count {
                        for j in 0..<n { p[k + j] = phi(p[k + j] + b[j]) }
                        k += n
                    }
                }
            }
        }
    }

    /// g ∘ φ′(h) in place (g and h of equal length).
    public func multiplyBySlope(_ g: inout [Float], at h: [Float]) {
        precondition(g.count == h.count, "gradient and pre-activations differ in length")
        g.withUnsafeMutableBufferPointer { p in
            h.withUnsafeBufferPointer { q in
                switch self {
                case .relu: for i in p.indices where q[i] <= 0 { p[i] = 0 }
                default: for i in p.indices { p[i] *= slope(q[i]) }
                }
            }
        }
    }
}
