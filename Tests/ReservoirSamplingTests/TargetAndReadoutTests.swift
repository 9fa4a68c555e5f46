import DenseKernels
import Foundation
import ReservoirSampling
import Statistics
import XCTest

final class TargetAndReadoutTests: XCTestCase {
    func column(_ m: Matrix, _ j: Int) -> [Double] { (0..<m.rows).map { Double(m[$0, j]) } }

    /// The two-peak density integrates to 1 (midpoint rule on [−6, 6]) and its logarithm's derivative
    /// (central differences, h = 1e-4, error O(h²)) is the exact score.
    func testTwoPeakDensityIsNormalisedAndItsLogDerivativeIsTheScore() {
        let h = 1e-3
        let mass = (0..<12_000).reduce(0.0) { $0 + TargetDistribution.twoPeakDensity(-6 + h * (Double($1) + 0.5)) * h }
        XCTAssertEqual(mass, 1, accuracy: 1e-6)
        for x in stride(from: -2.5, through: 2.5, by: 0.25) {
            let d = 1e-4
            let numeric = (log(TargetDistribution.twoPeakDensity(x + d)) - log(TargetDistribution.twoPeakDensity(x - d))) / (2 * d)
            XCTAssertEqual(TargetDistribution.twoPeakScore(x), numeric, accuracy: 1e-6)
        }
    }

    /// Two-peak: mean 0, variance 0.25 + 1 = 1.25; X-shape: marginal variance 1 and excess kurtosis 3 (Laplace),
    /// E[x₁x₂] = 0 (the ±0.9 copulas cancel) while E[|x₁x₂|] > 0. Tolerances: 4 standard errors with n = 40 000
    /// (SE of a variance ≈ σ²√((κ + 2)/n), κ the excess kurtosis).
    func testTargetSamplersHaveTheirMoments() {
        let n = 40_000
        let two = column(TargetDistribution.twoPeak.sample(n, seed: 1), 0)
        let mean = two.reduce(0, +) / Double(n), variance = two.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        XCTAssertEqual(mean, 0, accuracy: 4 * (1.25 / Double(n)).squareRoot())
        XCTAssertEqual(variance, 1.25, accuracy: 4 * 1.25 * (1.4 / Double(n)).squareRoot())
        let x = TargetDistribution.xShape.sample(n, seed: 2)
        for j in 0..<2 {
            let c = column(x, j), m = c.reduce(0, +) / Double(n)
            XCTAssertEqual(c.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1), 1, accuracy: 4 * (5.0 / Double(n)).squareRoot())
            XCTAssertEqual(MarginalStatistics.excessKurtosis(c), 3, accuracy: 0.6)
        }
        let products = (0..<n).map { Double(x[$0, 0] * x[$0, 1]) }
        XCTAssertEqual(products.reduce(0, +) / Double(n), 0, accuracy: 4 * (3.0 / Double(n)).squareRoot())
        XCTAssertGreaterThan(products.map(abs).reduce(0, +) / Double(n), 0.5)
        for target in TargetDistribution.allCases {
            let s = target.sample(100, seed: 3)
            XCTAssertEqual(s.cols, target.dimension)
            XCTAssertTrue(s.storage.allSatisfy(\.isFinite), "\(target)")
        }
    }

    /// The closed-form read-out of a fixed random reservoir learns the score of a Gaussian target N(μ, s²):
    /// the DSM minimiser is the score of N(μ, s² + σ²), −(x − μ)/(s² + σ²); on the bulk |x − μ| ≤ 1.5s the fitted
    /// score must be within 15% of the slope scale (1/(s² + σ²)) of it.
    func testClosedFormReadoutRecoversAGaussianScore() throws {
        var model = ScoreModel(.reservoir, dimension: 1, reservoirSize: 200, nonlinearity: .relu, seed: 4)
        let mu: Float = 0.5, s: Float = 0.5, sigma: Float = 0.2
        let noise = RandomStream(seed: 5, stream: 1)
        let data = Matrix(rows: 40_000, cols: 1, storage: (0..<40_000).map { mu + s * noise.gaussian(UInt64($0)) })
        try ReadoutFit.fit(&model, data: data, sigma: sigma, ridge: 1, seed: 6)
        let xs: [Float] = stride(from: -1.5, through: 1.5, by: 0.25).map { mu + Float($0) * s }
        let fitted = model.score(Matrix(rows: xs.count, cols: 1, storage: xs))
        let variance = s * s + sigma * sigma
        for (k, x) in xs.enumerated() {
            XCTAssertEqual(fitted.storage[k], -(x - mu) / variance, accuracy: 0.15 / variance, "x = \(x)")
        }
    }
}
