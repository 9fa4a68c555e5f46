import LinearAlgebra

/// The spectra that classify one point x* and the resulting classes.
public struct PointClassification: Sendable {
    /// Eigenvalues of DF(x*) = −I + J diag(φ′(x*)) (Schur order, conjugate pairs adjacent).
    public var jacobianEigenvalues: [Complex]
    /// Eigenvalues of the Hessian ∇²E(x*), ascending.
    public var hessianEigenvalues: [Double]
    /// Stability for the RNN flow ẋ = F(x) (from DF); meaningful only at a true fixed point.
    public var rateNetwork: Stability
    /// Stability for the gradient flow ẋ = −∇E (from −∇²E).
    public var energyGradient: Stability

    /// The class for `flow`.
    public func stability(for flow: Flow) -> Stability {
        flow == .rateNetwork ? rateNetwork : energyGradient
    }

    /// Classifies `x` on `network`. An eigenvalue of DF is marginal when |Re λ| ≤ `tolerance`·max(1, ρ(DF));
    /// one of ∇²E when |μ| ≤ `hessianTolerance`·max(1, max|μ|) — the symmetric eigenvalues are accurate to
    /// ≈ N·eps·‖∇²E‖ ≈ 2e-13‖∇²E‖ at N = 784, so a fixed point counts as marginal for the gradient flow when
    /// σ_min(DF)/σ_max(DF) ≲ √hessianTolerance ≈ 3e-6.
    /// - Complexity: about 10N³ (general eigenvalues) + 2N³ (Hessian) + 4N³/3 (symmetric eigenvalues) flops.
    public init(_ network: RateNetwork, at x: [Double], tolerance: Double = 1e-9,
                hessianTolerance: Double = 1e-11) throws(FixedPointError) {
        let df = network.jacobian(x)
        do {
            jacobianEigenvalues = try df.eigenvalues()
            hessianEigenvalues = try SymmetricEigendecomposition(try network.hessian(x), computeEigenvectors: false,
                                                                 symmetryTolerance: 1e-8).eigenvalues
        } catch let error as LinearAlgebraError {
            throw .invalidInput("eigenvalues at a point: \(error)")
        } catch {
            throw error as! FixedPointError
        }
        let radius = jacobianEigenvalues.reduce(0.0) { Swift.max($0, $1.magnitude) }
        rateNetwork = Stability(realParts: jacobianEigenvalues.map(\.re), tolerance: tolerance * Swift.max(1, radius))
        let hmax = hessianEigenvalues.reduce(0.0) { Swift.max($0, Swift.abs($1)) }
        // The gradient flow's linearisation is −∇²E: its eigenvalues are −μ.
        energyGradient = Stability(realParts: hessianEigenvalues.map { -$0 }, tolerance: hessianTolerance * Swift.max(1, hmax))
    }
}
