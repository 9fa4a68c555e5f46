import DenseKernels
import Foundation

/// The coupling matrix prepared for the products an NLM needs: forward drive J·P and feedback Jᵀ·R use J
/// packed once (in both orientations) and reused by every step until the couplings change.
struct CouplingProducts: Sendable {
    private(set) var forwardFactor: PackedMatrix
    private(set) var backwardFactor: PackedMatrix

    init(_ couplings: Matrix) {
        forwardFactor = PackedMatrix(.left, couplings, .none)
        backwardFactor = PackedMatrix(.left, couplings, .transposed)
    }

    /// Re-packs new couplings of the same size into the existing buffers (no allocation per update).
    mutating func repack(_ couplings: Matrix) {
        guard couplings.rows == forwardFactor.rows && couplings.cols == forwardFactor.cols else {
            self = CouplingProducts(couplings)
            return
        }
        forwardFactor.repack(couplings, .none)
        backwardFactor.repack(couplings, .transposed)
    }

    /// H = J · P
    func forward(_ p: Matrix, into h: inout Matrix) {
        Matrix.multiply(forwardFactor, p, into: &h)
    }

    /// F = Jᵀ · R
    func backward(_ r: Matrix, into f: inout Matrix) {
        Matrix.multiply(backwardFactor, r, into: &f)
    }
}

/// The seam between the model and the dense kernels.
enum KernelBindings {
    static func ratesAndSlopes(_ x: UnsafeBufferPointer<Float>, rates: UnsafeMutableBufferPointer<Float>,
                               slopes: UnsafeMutableBufferPointer<Float>) {
        for k in 0..<x.count {
            let p = Foundation.tanh(x[k])
            rates[k] = p
            slopes[k] = 1 - p * p
        }
    }

    /// C = α op(A) op(B) + β C.
    static func gemm(_ a: Matrix, transposeA: Bool, _ b: Matrix, transposeB: Bool, into c: inout Matrix,
                     alpha: Float, beta: Float) {
        Matrix.multiply(a, transposeA ? .transposed : .none, b, transposeB ? .transposed : .none,
                        alpha: alpha, beta: beta, into: &c)
    }
}
