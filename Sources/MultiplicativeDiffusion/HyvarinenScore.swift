import DenseKernels
import Foundation

/// A model of the Hyvärinen score of the noised data, h_τ(x) = x ∘ ∇ₓ log p_τ(x), the quantity both reverse
/// samplers need. Exact scores of known targets and the learned network share this one interface.
public protocol HyvarinenScoreModel {
    /// Coordinates per state.
    var dimension: Int { get }
    /// h_τ(x) for every row of `x` (B × d, positive entries) at forward time τ.
    func hyvarinenScore(_ x: Matrix, time tau: Float) -> Matrix
}

/// The exact Hyvärinen score of GBM-noised data drawn from a log-normal mixture (each coordinate
/// independently): h_τ(x) = ``LogNormalMixture/hyvarinenScore(logX:)`` of the mixture pushed to time τ.
/// Non-positive entries have no score; they give NaN.
public struct ExactMixtureScore: HyvarinenScoreModel, Sendable {
    public let target: LogNormalMixture
    public let process: GeometricBrownianMotion
    public let dimension: Int

    public init(target: LogNormalMixture, process: GeometricBrownianMotion, dimension: Int = 1) {
        self.target = target
        self.process = process
        self.dimension = dimension
    }

    public func hyvarinenScore(_ x: Matrix, time tau: Float) -> Matrix {
        let noised = target.pushed(through: process, time: Double(tau))
        return Matrix(rows: x.rows, cols: x.cols, storage: x.storage.map { v in
            v > 0 ? Float(noised.hyvarinenScore(logX: Foundation.log(Double(v)))) : .nan
        })
    }
}
