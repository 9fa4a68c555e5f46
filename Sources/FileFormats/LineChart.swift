// Line charts as SVG.

/// A chart of named (x, y) series drawn as lines, with optional logarithmic axes.
///
/// Axes cover all plottable points (see `ChartAxis`); a point with a NaN or infinite coordinate,
/// or a non-positive one on a log axis, is skipped and breaks its line into separate pieces.
/// Each series is a `<g class="series">` holding one `<path>` of `M`/`L` commands, clipped to the
/// plot area. Text is XML-escaped, so any title or series name gives a valid document.
/// ```
/// var chart = LineChart(title: "Training", xLabel: "epoch", yLabel: "loss")
/// chart.logY = true
/// chart.addSeries(name: "train", points: [(1, 0.9), (2, 0.5)])
/// try AtomicFile.write(text: chart.svg(), to: "loss.svg")
/// ```
public struct LineChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var logX = false
    public var logY = false
    public var width = 720.0
    public var height = 440.0
    public private(set) var series: [(name: String, points: [(Double, Double)])] = []

    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Appends a series; its colour is the next in the palette.
    public mutating func addSeries(name: String, points: [(Double, Double)]) {
        series.append((name, points))
    }

    /// Appends a series with x = 0, 1, 2, …
    public mutating func addSeries(name: String, values: [Double]) {
        series.append((name, values.enumerated().map { (Double($0.offset), $0.element) }))
    }

    /// The chart as a standalone SVG document. Complexity: O(total points).
    public func svg() -> String {
        let xs = series.flatMap { $0.points.filter { $0.1.isFinite && (!logY || $0.1 > 0) }.map { $0.0 } }
        let ys = series.flatMap { $0.points.filter { $0.0.isFinite && (!logX || $0.0 > 0) }.map { $0.1 } }
        var canvas = SVGCanvas(width: width, height: height, legendWidth: series.isEmpty ? 0 : 150,
                               x: ChartAxis(covering: xs, logarithmic: logX),
                               y: ChartAxis(covering: ys, logarithmic: logY))
        canvas.drawFrame(title: title, xLabel: xLabel, yLabel: yLabel)
        for (i, s) in series.enumerated() {
            var d = ""
            var penDown = false
            for (px, py) in s.points {
                guard let (cx, cy) = canvas.point(px, py) else { penDown = false; continue }
                d += (penDown ? "L" : "M") + SVGCanvas.number(cx) + " " + SVGCanvas.number(cy) + " "
                penDown = true
            }
            let color = SVGCanvas.palette[i % SVGCanvas.palette.count]
            canvas.add("<g class=\"series\" data-name=\"\(xmlEscaped(s.name))\" clip-path=\"url(#plot-clip)\">"
                       + "<path d=\"\(d.isEmpty ? "M0 0" : String(d.dropLast()))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\"\(d.isEmpty ? " visibility=\"hidden\"" : "")/></g>")
        }
        canvas.drawLegend(series.map(\.name))
        return canvas.document()
    }
}
