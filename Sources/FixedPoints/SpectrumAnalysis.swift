import DenseKernels
import LinearAlgebra

/// The eigenvalue analysis of a coupling matrix (the paper's spectra across training).
public struct SpectrumReport: Sendable {
    public var neuronCount: Int
    /// Eigenvalues of J (Schur order, conjugate pairs adjacent, positive imaginary part first).
    public var eigenvalues: [Complex]
    /// Eigenvalues of the symmetric part S = (J + Jᵀ)/2, ascending (all real).
    public var symmetricEigenvalues: [Double]
    /// Imaginary parts ω of the eigenvalues ±iω of the antisymmetric part A = (J − Jᵀ)/2 (their real
    /// parts vanish up to rounding), ascending.
    public var antisymmetricFrequencies: [Double]
    /// max |λ(J)|.
    public var spectralRadius: Double
    /// max Re λ(J) (the RNN flow's zero state x = 0 is stable when this is < 1 for φ′(0) = 1, b = 0).
    public var largestRealPart: Double
    /// ‖J − Jᵀ‖_F / ‖J‖_F (0 symmetric, √2 for i.i.d. entries, 2 antisymmetric).
    public var asymmetry: Double
    /// The circular-law reference radius g = std(J_ij, i ≠ j)·√N: the eigenvalues of an i.i.d. random J
    /// with variance g²/N fill the disc of radius g.
    public var circularLawRadius: Double
    /// Mean and standard deviation of the diagonal (self-couplings).
    public var diagonalMean: Double
    public var diagonalStandardDeviation: Double
}

public enum SpectrumAnalysis {
    /// Eigenvalues of J, of its symmetric and antisymmetric parts, and summary numbers.
    /// - Complexity: 2·10N³ (Francis QR for J and A) + 4N³/3 (symmetric eigenvalues) flops; about a
    ///   second at N = 784.
    /// - Throws: ``FixedPointError/invalidInput(_:)`` for a non-square or non-finite J.
    public static func run(_ couplings: Matrix) throws(FixedPointError) -> SpectrumReport {
        let n = couplings.rows
        guard couplings.cols == n else { throw .invalidInput("couplings: expected a square matrix, got \(n)×\(couplings.cols)") }
        do {
            let j = try RealMatrix(rows: n, columns: n, elements: couplings.storage)
            if let p = j.firstNonFiniteEntry { throw FixedPointError.invalidInput("couplings: entry (\(p.row), \(p.column)): expected a finite number") }
            let jt = j.transposed
            let symmetric = 0.5 * (try j + jt)
            let antisymmetric = 0.5 * (try j - jt)
            let eig = try GeneralEigendecomposition(j, computeEigenvectors: false)
            let sEig = try SymmetricEigendecomposition(symmetric, computeEigenvectors: false).eigenvalues
            // A real antisymmetric matrix has eigenvalues ±iω (0 for odd N): keep the imaginary parts.
            let frequencies = try antisymmetric.eigenvalues().map(\.im).sorted()
            var offSum = 0.0, offSquares = 0.0, diagSum = 0.0, diagSquares = 0.0
            for i in 0..<n {
                for c in 0..<n {
                    let v = j[i, c]
                    if i == c { diagSum += v; diagSquares += v * v } else { offSum += v; offSquares += v * v }
                }
            }
            let offCount = Double(Swift.max(n * n - n, 1))
            let offMean = offSum / offCount
            let offVariance = Swift.max(offSquares / offCount - offMean * offMean, 0)
            let diagMean = n > 0 ? diagSum / Double(n) : 0
            let diagVariance = n > 0 ? Swift.max(diagSquares / Double(n) - diagMean * diagMean, 0) : 0
            let norm = j.frobeniusNorm
            return SpectrumReport(neuronCount: n, eigenvalues: eig.eigenvalues, symmetricEigenvalues: sEig,
                                  antisymmetricFrequencies: frequencies, spectralRadius: eig.spectralRadius,
                                  largestRealPart: eig.spectralAbscissa,
                                  asymmetry: norm > 0 ? (try j - jt).frobeniusNorm / norm : 0,
                                  circularLawRadius: (offVariance * Double(n)).squareRoot(),
                                  diagonalMean: diagMean, diagonalStandardDeviation: diagVariance.squareRoot())
        } catch let error as FixedPointError {
            throw error
        } catch {
            throw .invalidInput("spectrum: \(error)")
        }
    }
}
