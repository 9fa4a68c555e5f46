// LinearAlgebraError.swift — the errors every routine of the module reports instead of trapping.

/// Why a linear-algebra routine refused its input or could not finish.
///
/// Every public routine of the module validates its input and throws one of these instead of trapping
/// or silently returning NaN. `description` names the routine and what was expected.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Array sizes or matrix shapes do not agree. `operation` names the routine.
    case dimensionMismatch(operation: String, expected: String, got: String)
    /// The routine needs a square matrix.
    case notSquare(operation: String, rows: Int, columns: Int)
    /// An input entry is NaN or infinite.
    case nonFiniteInput(operation: String, row: Int, column: Int)
    /// The matrix is singular to working precision: a pivot was exactly zero (`pivot` is its index) or
    /// the reciprocal condition number estimate is below machine epsilon (`pivot == nil`).
    case singular(pivot: Int?, reciprocalCondition: Double)
    /// The input is not symmetric within the tolerance (relative to the largest entry).
    case notSymmetric(row: Int, column: Int, asymmetry: Double)
    /// An iterative algorithm exceeded its iteration budget while working on eigenvalue `index`.
    case noConvergence(algorithm: String, index: Int, iterations: Int)

    public var description: String {
        switch self {
        case let .dimensionMismatch(operation, expected, got):
            return "\(operation): dimension mismatch: expected \(expected), got \(got)"
        case let .notSquare(operation, rows, columns):
            return "\(operation): expected a square matrix, got \(rows)x\(columns)"
        case let .nonFiniteInput(operation, row, column):
            return "\(operation): entry (\(row), \(column)): expected a finite number"
        case let .singular(pivot, rcond):
            if let pivot { return "LUDecomposition: matrix is singular (zero pivot at index \(pivot))" }
            return "LUDecomposition: matrix is singular to working precision (rcond estimate \(rcond))"
        case let .notSymmetric(row, column, asymmetry):
            return "SymmetricEigendecomposition: entry (\(row), \(column)): expected a symmetric matrix, "
                + "relative asymmetry \(asymmetry)"
        case let .noConvergence(algorithm, index, iterations):
            return "\(algorithm): no convergence for eigenvalue \(index) after \(iterations) iterations"
        }
    }
}
