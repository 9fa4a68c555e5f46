// The frame common to SVG charts: title, plot area, axes, ticks, labels, legend.
import Foundation

/// Escapes `&`, `<`, `>`, `"` and `'` so text is valid in XML content and attributes.
public func xmlEscaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for c in text.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default:
            // Control characters other than tab/newline are not allowed in XML 1.0.
            if c.value < 0x20 && c != "\t" && c != "\n" { out += "\u{FFFD}" } else { out.unicodeScalars.append(c) }
        }
    }
    return out
}

/// Builds an SVG document with a rectangular plot area mapped from two `ChartAxis`es.
///
/// The plot area is the `<rect class="plot-area">`; data points map linearly (or
/// logarithmically) into it, with y growing upwards. Numbers are written with 2 decimals.
struct SVGCanvas {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                          "#bcbd22", "#17becf"]
    let width: Double, height: Double
    let left: Double, top: Double, plotWidth: Double, plotHeight: Double
    let x: ChartAxis, y: ChartAxis
    var body = ""

    init(width: Double, height: Double, legendWidth: Double, x: ChartAxis, y: ChartAxis) {
        self.width = width
        self.height = height
        self.x = x
        self.y = y
        left = 72
        top = 40
        plotWidth = max(10, width - left - 20 - legendWidth)
        plotHeight = max(10, height - top - 56)
    }

    static func number(_ v: Double) -> String { String(format: "%.2f", v) }

    /// SVG coordinates of a data point, or nil when it cannot be drawn (NaN, ±∞, ≤ 0 on a log axis).
    func point(_ px: Double, _ py: Double) -> (Double, Double)? {
        guard let fx = x.fraction(px), let fy = y.fraction(py) else { return nil }
        return (left + fx * plotWidth, top + (1 - fy) * plotHeight)
    }

    mutating func add(_ element: String) { body += element + "\n" }

    /// Title, plot frame, grid lines, ticks and tick labels, axis labels.
    mutating func drawFrame(title: String, xLabel: String, yLabel: String) {
        let n = SVGCanvas.number
        add("<text class=\"title\" x=\"\(n(left + plotWidth / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">\(xmlEscaped(title))</text>")
        var grid = "<g class=\"grid\" stroke=\"#e0e0e0\" stroke-width=\"1\">"
        var xAxis = "<g class=\"x-axis\" font-size=\"11\" text-anchor=\"middle\">"
        for t in x.ticks {
            guard let f = x.fraction(t), f >= -1e-9, f <= 1 + 1e-9 else { continue }
            let px = left + f * plotWidth
            grid += "<line x1=\"\(n(px))\" y1=\"\(n(top))\" x2=\"\(n(px))\" y2=\"\(n(top + plotHeight))\"/>"
            xAxis += "<line x1=\"\(n(px))\" y1=\"\(n(top + plotHeight))\" x2=\"\(n(px))\" y2=\"\(n(top + plotHeight + 5))\" stroke=\"#000\"/>"
            xAxis += "<text class=\"tick-label\" x=\"\(n(px))\" y=\"\(n(top + plotHeight + 18))\">\(xmlEscaped(ChartAxis.label(t)))</text>"
        }
        var yAxis = "<g class=\"y-axis\" font-size=\"11\" text-anchor=\"end\">"
        for t in y.ticks {
            guard let f = y.fraction(t), f >= -1e-9, f <= 1 + 1e-9 else { continue }
            let py = top + (1 - f) * plotHeight
            grid += "<line x1=\"\(n(left))\" y1=\"\(n(py))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(py))\"/>"
            yAxis += "<line x1=\"\(n(left - 5))\" y1=\"\(n(py))\" x2=\"\(n(left))\" y2=\"\(n(py))\" stroke=\"#000\"/>"
            yAxis += "<text class=\"tick-label\" x=\"\(n(left - 8))\" y=\"\(n(py + 4))\">\(xmlEscaped(ChartAxis.label(t)))</text>"
        }
        add(grid + "</g>")
        add("<rect class=\"plot-area\" x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight))\" fill=\"none\" stroke=\"#000\"/>")
        add(xAxis + "</g>")
        add(yAxis + "</g>")
        add("<text class=\"x-label\" x=\"\(n(left + plotWidth / 2))\" y=\"\(n(height - 12))\" text-anchor=\"middle\" font-size=\"13\">\(xmlEscaped(xLabel))</text>")
        let cy = top + plotHeight / 2
        add("<text class=\"y-label\" x=\"16\" y=\"\(n(cy))\" transform=\"rotate(-90 16 \(n(cy)))\" text-anchor=\"middle\" font-size=\"13\">\(xmlEscaped(yLabel))</text>")
    }

    /// A legend to the right of the plot area: one coloured swatch and name per entry.
    mutating func drawLegend(_ names: [String]) {
        guard !names.isEmpty else { return }
        let n = SVGCanvas.number
        var g = "<g class=\"legend\" font-size=\"12\">"
        for (i, name) in names.enumerated() {
            let y0 = top + 8 + Double(i) * 18
            let color = SVGCanvas.palette[i % SVGCanvas.palette.count]
            g += "<rect x=\"\(n(left + plotWidth + 12))\" y=\"\(n(y0 - 8))\" width=\"14\" height=\"10\" fill=\"\(color)\"/>"
            g += "<text x=\"\(n(left + plotWidth + 32))\" y=\"\(n(y0 + 1))\">\(xmlEscaped(name))</text>"
        }
        add(g + "</g>")
    }

    /// The complete document. Data drawn after the frame is clipped to the plot area.
    func document() -> String {
        let n = SVGCanvas.number
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" font-family="sans-serif">
            <defs><clipPath id="plot-clip"><rect x="\(n(left))" y="\(n(top))" width="\(n(plotWidth))" height="\(n(plotHeight))"/></clipPath></defs>
            <rect width="100%" height="100%" fill="#fff"/>
            \(body)</svg>

            """
    }
}
