// Tiling many small greyscale images into one picture.

/// Renders equal-sized greyscale images as a grid, for looking at samples, filters or data.
///
/// Cell `k` sits at row `k / columns`, column `k % columns`. Each image is `width × height`
/// values in row-major order, mapped linearly from `range` to 0…255 (clamped; NaN is drawn as
/// the bottom of the range), upscaled by pixel replication by `scale`, and separated from its
/// neighbours and the edge by `border` pixels of mid-grey (128). The result is
/// `columns · (width·scale + border) + border` pixels wide. Images with too few values are
/// padded with the range's bottom; extra values are ignored, so bad input never traps.
public enum ImageGrid {
    /// The grid as an 8-bit greyscale image.
    public static func image(images: [[Float]], width: Int, height: Int, columns: Int, scale: Int = 1,
                             border: Int = 1, range: ClosedRange<Float> = 0...1) -> PNGImage {
        let w = max(1, width), h = max(1, height), s = max(1, scale), b = max(0, border)
        let cols = max(1, min(columns, max(1, images.count)))
        let rows = max(1, (images.count + cols - 1) / cols)
        let cellW = w * s + b, cellH = h * s + b
        let totalW = cols * cellW + b, totalH = rows * cellH + b
        var pixels = [UInt8](repeating: 128, count: totalW * totalH)
        let low = range.lowerBound, span = range.upperBound - range.lowerBound
        for (k, values) in images.enumerated() {
            let x0 = b + (k % cols) * cellW, y0 = b + (k / cols) * cellH
            for y in 0..<h {
                for x in 0..<w {
                    let index = y * w + x
                    let v = index < values.count ? values[index] : low
                    let t = span > 0 ? (v - low) / span : 0
                    let level = UInt8(t.isNaN ? 0 : (min(1, max(0, t)) * 255).rounded())
                    for dy in 0..<s {
                        let rowStart = (y0 + y * s + dy) * totalW + x0 + x * s
                        for dx in 0..<s { pixels[rowStart + dx] = level }
                    }
                }
            }
        }
        return PNGImage(width: totalW, height: totalH, color: .gray, pixels: pixels)
    }

    /// The grid encoded as PNG file bytes.
    public static func png(images: [[Float]], width: Int, height: Int, columns: Int, scale: Int = 1,
                           border: Int = 1, range: ClosedRange<Float> = 0...1) -> [UInt8] {
        PNG.encode(image(images: images, width: width, height: height, columns: columns, scale: scale,
                         border: border, range: range))
    }
}
