/// Anti-aliased rendering of thick pen strokes onto a square grid of pixels, and the pixels' mass centre.
///
/// A stroke is a chain of straight pieces (a flattened curve). The ink at a point at distance d from the
/// nearest piece is the coverage ramp `c(d) = clamp((r − d)/s + ½, 0, 1)` for pen radius r and edge
/// softness s (pixels): full ink inside the pen, zero beyond r + s/2, and a linear edge s pixels wide in
/// between, which is the exact box-filtered coverage of a straight edge for s = 1. Pixel (row, column) is
/// sampled at its centre (column + ½, row + ½).
///
/// Each piece only visits the pixels of its bounding box widened by r + s, so the cost is
/// O(pieces · (piece length + 2r + 2s)²) rather than O(pieces · size²).
struct StrokeRaster {
    let size: Int

    /// Writes the coverage of `runs` into `pixels` (size² values, row-major), using `distances` (size²
    /// values) as scratch for the squared distance to the nearest piece.
    func render(runs: [[SIMD2<Float>]], radius: Float, softness: Float,
                pixels: UnsafeMutableBufferPointer<Float>, distances: UnsafeMutableBufferPointer<Float>) {
        let reach = radius + softness
        let far = Float.greatestFiniteMagnitude
        distances.update(repeating: far)
        for run in runs {
            guard let first = run.first else { continue }
            if run.count == 1 {
                visit(first, first, reach: reach, distances: distances)
            }
            for k in 1 ..< max(run.count, 1) {
                visit(run[k - 1], run[k], reach: reach, distances: distances)
            }
        }
        let halfPlusRadiusOverSoftness = 0.5 + radius / softness
        for i in 0 ..< size * size {
            let d2 = distances[i]
            pixels[i] = d2 == far ? 0
                : min(max(halfPlusRadiusOverSoftness - d2.squareRoot() / softness, 0), 1)
        }
    }

    /// Lowers `distances` to the squared distance from each nearby pixel centre to the piece from a to b.
    private func visit(_ a: SIMD2<Float>, _ b: SIMD2<Float>, reach: Float,
                       distances: UnsafeMutableBufferPointer<Float>) {
        let lo = a.replacing(with: b, where: b .< a) - reach
        let hi = a.replacing(with: b, where: b .> a) + reach
        let c0 = max(Int((lo.x - 0.5).rounded(.up)), 0), c1 = min(Int((hi.x - 0.5).rounded(.down)), size - 1)
        let r0 = max(Int((lo.y - 0.5).rounded(.up)), 0), r1 = min(Int((hi.y - 0.5).rounded(.down)), size - 1)
        guard c0 <= c1, r0 <= r1 else { return }
        let ab = b - a
        let lengthSquared = (ab * ab).sum()
        let inverse: Float = lengthSquared > 0 ? 1 / lengthSquared : 0
        for r in r0 ... r1 {
            for c in c0 ... c1 {
                let ap = SIMD2(Float(c) + 0.5, Float(r) + 0.5) - a
                let t = min(max((ap * ab).sum() * inverse, 0), 1)
                let e = ap - t * ab
                let d2 = (e * e).sum()
                let i = r &* size &+ c
                if d2 < distances[i] { distances[i] = d2 }
            }
        }
    }

    /// The intensity-weighted mean (column, row) of `pixels` in pixel-index coordinates (pixel (r, c) at
    /// (c, r)), or nil for an empty image.
    func massCentre(_ pixels: UnsafeMutableBufferPointer<Float>) -> SIMD2<Float>? {
        var total: Float = 0
        var moment = SIMD2<Float>(0, 0)
        for r in 0 ..< size {
            for c in 0 ..< size {
                let p = pixels[r &* size &+ c]
                total += p
                moment += p * SIMD2(Float(c), Float(r))
            }
        }
        return total > 0 ? moment / total : nil
    }
}
