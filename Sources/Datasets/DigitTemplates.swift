/// Hand-made pen paths for the digits 0–9, several variants each, in the coordinates of `GlyphStroke`
/// (x right, y down, height ≈ 1). Each variant has a relative weight; `DigitGlyphs` picks one per image.
enum DigitTemplates {
    typealias Variant = (weight: Float, strokes: [GlyphStroke])

    static let variants: [[Variant]] = [zero, one, two, three, four, five, six, seven, eight, nine]

    static let zero: [Variant] = [
        (0.6, [GlyphStroke(.closed, [(0.4, 0.0), (0.12, 0.1), (0.0, 0.45), (0.1, 0.85), (0.34, 1.0),
                                     (0.62, 0.9), (0.74, 0.55), (0.66, 0.15)])]),
        (0.4, [GlyphStroke(.smooth, [(0.48, 0.03), (0.2, 0.06), (0.02, 0.4), (0.08, 0.82), (0.34, 1.0),
                                     (0.62, 0.88), (0.72, 0.48), (0.58, 0.1), (0.34, 0.0), (0.18, 0.06)])]),
    ]

    static let one: [Variant] = [
        (0.6, [GlyphStroke(.polyline, [(0.5, 0.0), (0.44, 1.0)])]),
        (0.3, [GlyphStroke(.polyline, [(0.3, 0.2), (0.5, 0.0), (0.44, 1.0)])]),
        (0.1, [GlyphStroke(.polyline, [(0.3, 0.2), (0.5, 0.0), (0.44, 1.0)]),
               GlyphStroke(.polyline, [(0.26, 1.0), (0.62, 1.0)])]),
    ]

    static let two: [Variant] = [
        (0.6, [GlyphStroke(.smooth, [(0.04, 0.24), (0.2, 0.04), (0.42, 0.0), (0.58, 0.15), (0.55, 0.38),
                                     (0.34, 0.64), (0.02, 0.98)]),
               GlyphStroke(.polyline, [(0.02, 0.98), (0.34, 0.95), (0.66, 0.98)])]),
        (0.4, [GlyphStroke(.smooth, [(0.04, 0.24), (0.2, 0.04), (0.42, 0.0), (0.58, 0.15), (0.55, 0.38),
                                     (0.3, 0.68), (0.06, 0.92), (0.12, 1.0), (0.26, 0.9), (0.4, 0.92),
                                     (0.66, 1.0)])]),
    ]

    static let three: [Variant] = [
        (0.8, [GlyphStroke(.smooth, [(0.04, 0.14), (0.28, 0.0), (0.52, 0.07), (0.56, 0.26), (0.28, 0.46)]),
               GlyphStroke(.smooth, [(0.28, 0.46), (0.54, 0.57), (0.62, 0.8), (0.42, 0.98), (0.16, 1.0),
                                     (0.0, 0.88)])]),
        (0.2, [GlyphStroke(.polyline, [(0.06, 0.02), (0.6, 0.02), (0.3, 0.42)]),
               GlyphStroke(.smooth, [(0.3, 0.42), (0.56, 0.54), (0.62, 0.78), (0.42, 0.98), (0.16, 1.0),
                                     (0.0, 0.88)])]),
    ]

    static let four: [Variant] = [
        (0.6, [GlyphStroke(.polyline, [(0.42, 0.0), (0.0, 0.64), (0.66, 0.64)]),
               GlyphStroke(.polyline, [(0.5, 0.14), (0.47, 1.0)])]),
        (0.4, [GlyphStroke(.polyline, [(0.08, 0.0), (0.04, 0.6), (0.66, 0.58)]),
               GlyphStroke(.polyline, [(0.52, 0.0), (0.5, 1.0)])]),
    ]

    static let five: [Variant] = [
        (1.0, [GlyphStroke(.polyline, [(0.62, 0.02), (0.16, 0.02), (0.1, 0.45)]),
               GlyphStroke(.smooth, [(0.1, 0.45), (0.32, 0.38), (0.55, 0.47), (0.62, 0.7), (0.5, 0.92),
                                     (0.26, 1.0), (0.0, 0.9)])]),
    ]

    static let six: [Variant] = [
        (0.6, [GlyphStroke(.smooth, [(0.52, 0.0), (0.3, 0.15), (0.1, 0.45), (0.05, 0.75), (0.2, 0.97),
                                     (0.42, 0.97), (0.56, 0.8), (0.5, 0.6), (0.3, 0.55), (0.12, 0.65),
                                     (0.06, 0.75)])]),
        (0.4, [GlyphStroke(.smooth, [(0.44, 0.0), (0.2, 0.35), (0.06, 0.7), (0.14, 0.95), (0.36, 1.0),
                                     (0.54, 0.86), (0.52, 0.64), (0.32, 0.56), (0.12, 0.66)])]),
    ]

    static let seven: [Variant] = [
        (0.5, [GlyphStroke(.polyline, [(0.0, 0.04), (0.62, 0.02), (0.25, 1.0)])]),
        (0.35, [GlyphStroke(.polyline, [(0.0, 0.04), (0.62, 0.02)]),
                GlyphStroke(.smooth, [(0.62, 0.02), (0.45, 0.4), (0.32, 0.7), (0.28, 1.0)])]),
        (0.15, [GlyphStroke(.polyline, [(0.0, 0.04), (0.62, 0.02), (0.25, 1.0)]),
                GlyphStroke(.polyline, [(0.22, 0.52), (0.6, 0.5)])]),
    ]

    static let eight: [Variant] = [
        (1.0, [GlyphStroke(.closed, [(0.52, 0.1), (0.3, 0.0), (0.1, 0.1), (0.12, 0.3), (0.34, 0.47),
                                     (0.58, 0.66), (0.55, 0.9), (0.32, 1.0), (0.08, 0.9), (0.06, 0.7),
                                     (0.3, 0.48), (0.52, 0.3)])]),
    ]

    static let nine: [Variant] = [
        (0.6, [GlyphStroke(.smooth, [(0.58, 0.2), (0.38, 0.4), (0.12, 0.38), (0.04, 0.2), (0.22, 0.02),
                                     (0.48, 0.02), (0.6, 0.18), (0.56, 0.55), (0.5, 1.0)])]),
        (0.4, [GlyphStroke(.closed, [(0.32, 0.0), (0.06, 0.1), (0.06, 0.34), (0.32, 0.44), (0.58, 0.34),
                                     (0.58, 0.1)]),
               GlyphStroke(.polyline, [(0.59, 0.2), (0.52, 1.0)])]),
    ]
}
