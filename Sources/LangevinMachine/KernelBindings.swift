import DenseKernels
import Foundation

/// The coupling matrix prepared for the three products an NLM needs: forward drive J·P, feedback Jᵀ·R and
/// the learning statistic R·Pᵀ.
struct CouplingProducts: Sendable {
    let couplings: Matrix

    init(_ couplings: Matrix) { self.couplings = couplings }

    /// H = J · P
    func forward(_ p: Matrix, into h: inout Matrix) {
        KernelBindings.gemm(couplings, transposeA: false, p, transposeB: false, into: &h, alpha: 1, beta: 0)
    }

    /// F = Jᵀ · R
    func backward(_ r: Matrix, into f: inout Matrix) {
        KernelBindings.gemm(couplings, transposeA: true, r, transposeB: false, into: &f, alpha: 1, beta: 0)
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

    /// C = α op(A) op(B) + β C (reference loops; replaced by the packed SIMD GEMM).
    static func gemm(_ a: Matrix, transposeA: Bool, _ b: Matrix, transposeB: Bool, into c: inout Matrix,
                     alpha: Float, beta: Float) {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let n = transposeB ? b.rows : b.cols
        precondition((transposeB ? b.cols : b.rows) == k && c.rows == m && c.cols == n)
        for i in 0..<m {
            for j in 0..<n {
                var s: Float = 0
                for l in 0..<k {
                    let av = transposeA ? a[l, i] : a[i, l]
                    let bv = transposeB ? b[j, l] : b[l, j]
                    s += av * bv
                }
                c[i, j] = alpha * s + (beta == 0 ? 0 : beta * c[i, j])
            }
        }
    }
}

extension RandomStream {
    /// Temporary scalar Box–Muller (to be replaced by DenseKernels' bulk fill).
    func fillGaussian(_ out: UnsafeMutableBufferPointer<Float>, startingAt index: UInt64) {
        for k in 0..<out.count {
            let idx = index + UInt64(k)
            let w = block(idx >> 2)
            let lane = Int(idx & 3)
            let u0 = Philox4x32.uniform(lane < 2 ? w[0] : w[2])
            let u1 = Philox4x32.uniform(lane < 2 ? w[1] : w[3])
            let rad = (-2 * Foundation.log(u0)).squareRoot()
            out[k] = lane % 2 == 0 ? rad * Foundation.cos(2 * .pi * u1) : rad * Foundation.sin(2 * .pi * u1)
        }
    }
}
