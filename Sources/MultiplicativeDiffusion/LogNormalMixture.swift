import DenseKernels
import Foundation

/// A one-dimensional mixture of log-normal laws, log X ~ Σ_k w_k N(m_k, s_k²), used independently for every
/// coordinate. Under GBM each component stays log-normal, so the noised law at time τ is the same mixture
/// with m_k → m_k + (μ − σ²/2)τ and s_k² → s_k² + σ²τ (``pushed(through:time:)``), and its score is exact.
public struct LogNormalMixture: Sendable, Equatable {
    public struct Component: Sendable, Equatable {
        public var weight: Double, logMean: Double, logStd: Double
        public init(weight: Double, logMean: Double, logStd: Double) {
            self.weight = weight
            self.logMean = logMean
            self.logStd = logStd
        }
    }

    public private(set) var components: [Component]

    /// Weights are normalised to sum to 1. Needs at least one component, positive weights and s_k > 0.
    public init(_ components: [Component]) {
        precondition(!components.isEmpty && components.allSatisfy { $0.weight > 0 && $0.logStd > 0 }, "positive weights and log-stds")
        let total = components.reduce(0) { $0 + $1.weight }
        self.components = components.map { Component(weight: $0.weight / total, logMean: $0.logMean, logStd: $0.logStd) }
    }

    /// A single log-normal, log X ~ N(m, s²).
    public static func logNormal(logMean m: Double, logStd s: Double) -> LogNormalMixture {
        LogNormalMixture([Component(weight: 1, logMean: m, logStd: s)])
    }

    /// The law of X_τ when X₀ follows this mixture and then GBM for time τ.
    public func pushed(through process: GeometricBrownianMotion, time tau: Double) -> LogNormalMixture {
        LogNormalMixture(components.map {
            Component(weight: $0.weight, logMean: $0.logMean + Double(process.logDrift) * tau,
                      logStd: ($0.logStd * $0.logStd + process.logVariance(time: tau)).squareRoot())
        })
    }

    /// Posterior component probabilities r_k(y) ∝ w_k N(y; m_k, s_k²) of y = log x.
    public func responsibilities(logX y: Double) -> [Double] {
        let logs = components.map { c -> Double in
            let r = (y - c.logMean) / c.logStd
            return Foundation.log(c.weight) - Foundation.log(c.logStd) - 0.5 * r * r
        }
        let top = logs.max()!
        let e = logs.map { Foundation.exp($0 - top) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
    }

    /// h(x) = x · d/dx log p(x) = d/dy log q(y) − 1 with y = log x and q the mixture density of log X
    /// (p(x) = q(log x)/x), i.e. h = −1 − Σ_k r_k(y)(y − m_k)/s_k².
    public func hyvarinenScore(logX y: Double) -> Double {
        let r = responsibilities(logX: y)
        var h = -1.0
        for (k, c) in components.enumerated() { h -= r[k] * (y - c.logMean) / (c.logStd * c.logStd) }
        return h
    }

    /// Density of X at x > 0: p(x) = Σ_k w_k N(log x; m_k, s_k²)/x.
    public func density(_ x: Double) -> Double {
        guard x > 0 else { return 0 }
        let y = Foundation.log(x)
        return components.reduce(0) { s, c in
            let r = (y - c.logMean) / c.logStd
            return s + c.weight * Foundation.exp(-0.5 * r * r) / (c.logStd * (2 * Double.pi).squareRoot() * x)
        }
    }

    /// `count` × `dimension` independent draws: value c·d + i picks its component with uniform c·d + i of the
    /// `.data` stream 0 and its log-normal noise with Gaussian c·d + i of the `.data` stream 1.
    public func sample(count: Int, dimension d: Int, seed: UInt64) -> Matrix {
        let u = DiffusionStreams.stream(seed: seed, .data, step: 0), g = DiffusionStreams.stream(seed: seed, .data, step: 1)
        var x = Matrix(rows: count, cols: d)
        for e in 0..<(count * d) {
            var v = Double(u.uniform(UInt64(e))), k = 0
            while k < components.count - 1 && v > components[k].weight { v -= components[k].weight; k += 1 }
            x.storage[e] = Float(Foundation.exp(components[k].logMean + components[k].logStd * Double(g.gaussian(UInt64(e)))))
        }
        return x
    }
}
