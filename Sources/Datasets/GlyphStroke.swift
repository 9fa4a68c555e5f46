/// One pen stroke of a digit template, in template units: x to the right, y downwards, the digit about
/// one unit tall and 0.6 wide.
struct GlyphStroke: Sendable {
    enum Kind: Sendable {
        /// Straight pieces between the points (sharp corners).
        case polyline
        /// A uniform Catmull–Rom spline through the points (a C¹ chain of cubic Bézier pieces).
        case smooth
        /// A closed uniform Catmull–Rom spline: the last point joins the first smoothly.
        case closed
    }

    var kind: Kind
    var points: [SIMD2<Float>]

    init(_ kind: Kind, _ points: [(Float, Float)]) {
        self.kind = kind
        self.points = points.map { SIMD2($0.0, $0.1) }
    }

    /// Appends the stroke as a chain of straight pieces to `vertices`, one `[SIMD2]` per connected run.
    ///
    /// Catmull–Rom piece i runs from Pᵢ to Pᵢ₊₁ with tangents Tᵢ = (Pᵢ₊₁ − Pᵢ₋₁)/2 (end points repeated for
    /// open strokes) and is the cubic Hermite curve
    /// `h(t) = (2t³−3t²+1)Pᵢ + (t³−2t²+t)Tᵢ + (−2t³+3t²)Pᵢ₊₁ + (t³−t²)Tᵢ₊₁`, sampled at `piecesPerSpan` equal
    /// steps of t. Because the spline is affine-covariant, flattening after transforming the points is the
    /// same as transforming the flattened curve.
    func flattened(_ transform: (SIMD2<Float>) -> SIMD2<Float>, piecesPerSpan: Int) -> [SIMD2<Float>] {
        let p = points.map(transform)
        let n = p.count
        switch kind {
        case .polyline:
            return p
        case .smooth, .closed:
            let closed = kind == .closed
            func point(_ i: Int) -> SIMD2<Float> {
                closed ? p[(i % n + n) % n] : p[min(max(i, 0), n - 1)]
            }
            let spans = closed ? n : n - 1
            var out: [SIMD2<Float>] = []
            out.reserveCapacity(spans * piecesPerSpan + 1)
            for i in 0 ..< spans {
                let p0 = point(i), p1 = point(i + 1)
                let t0 = (p1 - point(i - 1)) * 0.5
                let t1 = (point(i + 2) - p0) * 0.5
                for k in 0 ..< piecesPerSpan {
                    let t = Float(k) / Float(piecesPerSpan)
                    let t2 = t * t, t3 = t2 * t
                    let h00 = 2 * t3 - 3 * t2 + 1, h10 = t3 - 2 * t2 + t
                    let h01 = -2 * t3 + 3 * t2, h11 = t3 - t2
                    out.append(h00 * p0 + h10 * t0 + h01 * p1 + h11 * t1)
                }
            }
            out.append(point(spans))
            return out
        }
    }
}
