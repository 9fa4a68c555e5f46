import DenseKernels
import Foundation
import Statistics

/// The target distributions built in, each with an exact sampler (streams of a seed) and, in 1-D, its score.
public enum TargetDistribution: String, Sendable, CaseIterable {
    /// ½N(−1, 0.5²) + ½N(1, 0.5²) (the authors' "double peak").
    case twoPeak = "two-peak"
    /// ½·(Gaussian copula ρ = +0.9) + ½·(ρ = −0.9), both with Laplace marginals of variance 1 (scale 1/√2):
    /// an X-shaped, heavy-tailed density (marginal excess kurtosis 3).
    case xShape = "x-shape"
    /// A ring of radius 2, radial noise N(0, 0.1²).
    case rings
    /// Two interleaved half circles (radius 1), noise N(0, 0.1²).
    case twoMoons = "two-moons"
    /// Uniform on the black squares of a 4 × 4 checkerboard on [−2, 2]².
    case checkerboard

    public var dimension: Int { self == .twoPeak ? 1 : 2 }

    /// `count` samples, one per row; sample k uses indices 8k… of two streams (uniforms and Gaussians are
    /// drawn from different streams: a stream's uniform(i) and gaussian(j) share counter blocks and must not
    /// be mixed), so any prefix is reproducible.
    public func sample(_ count: Int, seed: UInt64) -> Matrix {
        let uniforms = RandomStream(seed: seed, stream: 0x5441_5247), gaussians = RandomStream(seed: seed, stream: 0x5441_5248)
        let d = dimension
        var m = Matrix(rows: count, cols: d)
        for k in 0..<count {
            let base = UInt64(8 * k)
            func g(_ i: UInt64) -> Float { gaussians.gaussian(base + i) }
            func u(_ i: UInt64) -> Float { uniforms.uniform(base + i) }
            switch self {
            case .twoPeak:
                m[k, 0] = (u(0) < 0.5 ? -1 : 1) + 0.5 * g(1)
            case .xShape:
                let rho: Float = u(0) < 0.5 ? 0.9 : -0.9
                let z1 = g(1), z2 = rho * z1 + (1 - rho * rho).squareRoot() * g(2)
                m[k, 0] = Self.laplaceQuantile(NormalDistribution.cdf(Double(z1)))
                m[k, 1] = Self.laplaceQuantile(NormalDistribution.cdf(Double(z2)))
            case .rings:
                let angle = 2 * Float.pi * u(0), radius = 2 + 0.1 * g(1)
                m[k, 0] = radius * Foundation.cos(angle); m[k, 1] = radius * Foundation.sin(angle)
            case .twoMoons:
                let angle = Float.pi * u(0)
                if u(1) < 0.5 { m[k, 0] = Foundation.cos(angle); m[k, 1] = Foundation.sin(angle) }
                else { m[k, 0] = 1 - Foundation.cos(angle); m[k, 1] = 0.5 - Foundation.sin(angle) }
                m[k, 0] += 0.1 * g(2); m[k, 1] += 0.1 * g(3)
            case .checkerboard:
                // Pick one of the 8 black cells (i + j even) uniformly, then a uniform point in it.
                let cell = min(Int(u(0) * 8), 7)
                let row = cell / 2, column = 2 * (cell % 2) + (row % 2)
                m[k, 0] = -2 + Float(column) + u(1); m[k, 1] = -2 + Float(row) + u(2)
            }
        }
        return m
    }

    /// Laplace(0, 1/√2) quantile of u: −b·sign(u − ½)·log(1 − 2|u − ½|).
    static func laplaceQuantile(_ u: Double) -> Float {
        let b = 1 / 2.0.squareRoot(), c = u - 0.5
        return Float(-b * (c < 0 ? -1 : 1) * log(max(1 - 2 * abs(c), 1e-300)))
    }

    /// The density of the two-peak target, p(x) = ½N(x; −1, 0.5²) + ½N(x; 1, 0.5²).
    public static func twoPeakDensity(_ x: Double) -> Double {
        func normal(_ mean: Double) -> Double { exp(-(x - mean) * (x - mean) / 0.5) / (0.5 * (2 * Double.pi).squareRoot()) }
        return 0.5 * (normal(-1) + normal(1))
    }

    /// The exact score d/dx log p of the two-peak target.
    public static func twoPeakScore(_ x: Double) -> Double {
        let s2 = 0.25
        let a = exp(-(x + 1) * (x + 1) / (2 * s2)), b = exp(-(x - 1) * (x - 1) / (2 * s2))
        return (a * (-(x + 1)) + b * (-(x - 1))) / (s2 * (a + b))
    }
}
