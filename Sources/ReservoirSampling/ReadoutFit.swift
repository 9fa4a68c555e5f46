import DenseKernels
import LinearAlgebra

/// The shortcut a simulator can offer: keep a random reservoir (W₂, b fixed) and solve the read-out W₁ in
/// closed form. With a = φ(W₂x̃ + b) the DSM residual s(x̃) + ε/σ = W₁a − (x̃ − ε/σ) is linear in W₁, so
///
///     W₁ᵀ = (AᵀA + λI)⁻¹ Aᵀ Y,   A = [φ(W₂x̃ₖ + b)]ₖ (B × N),  Y = [x̃ₖ − εₖ/σ]ₖ (B × d),
///
/// the ridge-regularised least-squares minimiser of Σₖ ½‖W₁aₖ − yₖ‖² + ½λ‖W₁‖² (normal equations in double,
/// LU with partial pivoting).
public enum ReadoutFit {
    public static func fit(_ model: inout ScoreModel, data: Matrix, sigma: Float, ridge: Double, seed: UInt64) throws {
        precondition(model.architecture == .reservoir && data.cols == model.dimension, "a reservoir model and data of its dimension")
        let b = data.rows, n = model.reservoirSize, d = model.dimension
        let noise = RandomStream(seed: seed, stream: 0x5249_4447)
        var noisy = data, y = data
        for k in 0..<data.count {
            let e = noise.gaussian(UInt64(k))
            noisy.storage[k] += sigma * e
            y.storage[k] = noisy.storage[k] - e / sigma
        }
        var h = Matrix.product(noisy, .none, model.w2, .transposed)
        for r in 0..<b { for j in 0..<n { h.storage[r * n + j] = model.nonlinearity.value(h.storage[r * n + j] + model.bias[j]) } }
        var gram = RealMatrix(rows: n, columns: n) { _, _ in 0 }
        var rhs = RealMatrix(rows: n, columns: d) { _, _ in 0 }
        var g = [Double](repeating: 0, count: n * n), r = [Double](repeating: 0, count: n * d)
        for k in 0..<b {
            for i in 0..<n {
                let ai = Double(h.storage[k * n + i])
                if ai == 0 { continue }
                for j in i..<n { g[i * n + j] += ai * Double(h.storage[k * n + j]) }
                for c in 0..<d { r[i * d + c] += ai * Double(y.storage[k * d + c]) }
            }
        }
        for i in 0..<n { for j in i..<n { gram[i, j] = g[i * n + j] + (i == j ? ridge : 0); gram[j, i] = gram[i, j] } }
        for i in 0..<n { for c in 0..<d { rhs[i, c] = r[i * d + c] } }
        let solution = try LUDecomposition(gram).solve(rhs)                 // N × d = W₁ᵀ
        for c in 0..<d { for i in 0..<n { model.w1[c, i] = Float(solution[i, c]) } }
    }
}
