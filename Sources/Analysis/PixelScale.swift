import DenseKernels

/// Conversions between the two image spaces of the project. The digit classifier, the PNG grids and the
/// experiments' metrics use pixels p ∈ [0, 1]; the NLM's visible rates are s = φ(x) = tanh(x) ∈ [−1, 1] with
/// s = 2p − 1 for the data (Datasets' `PixelEncoding` maps p to the states x themselves).
public enum PixelScale {
    /// p = clamp((s + 1)/2, 0, 1) elementwise: rates in [−1, 1] to pixels in [0, 1].
    public static func pixels(fromRates s: Matrix) -> Matrix {
        Matrix(rows: s.rows, cols: s.cols, storage: s.storage.map { min(max((1 + $0) / 2, 0), 1) })
    }

    /// s = 2p − 1 elementwise: pixels in [0, 1] to rates in [−1, 1].
    public static func rates(fromPixels p: Matrix) -> Matrix {
        Matrix(rows: p.rows, cols: p.cols, storage: p.storage.map { 2 * $0 - 1 })
    }
}
