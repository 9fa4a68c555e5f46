// Scatter charts as SVG, with optional circle overlays (e.g. the circular law for spectra).

/// A chart of point clouds, each a named group of dots, plus optional circles in data coordinates.
///
/// Typical use is an eigenvalue spectrum of a random coupling matrix, with the circle of radius
/// g that the circular law predicts: set `equalAspect` so one data unit is the same length on both
/// axes and the circle is drawn round. Points with NaN or infinite coordinates are skipped.
/// Each group is a `<g class="points">` of `<circle>`s; overlays are `<ellipse class="overlay">`
/// elements (round when `equalAspect` is set).
public struct ScatterChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var logX = false
    public var logY = false
    /// Make one data unit the same number of pixels on both axes (linear axes only).
    public var equalAspect = false
    public var width = 640.0
    public var height = 560.0
    public var pointRadius = 2.0
    public private(set) var groups: [(name: String, points: [(Double, Double)])] = []
    public private(set) var circles: [(name: String, centerX: Double, centerY: Double, radius: Double)] = []

    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    public mutating func addPoints(name: String, points: [(Double, Double)]) {
        groups.append((name, points))
    }

    /// Adds a dashed circle of `radius` around (`centerX`, `centerY`) in data coordinates.
    public mutating func addCircle(name: String, centerX: Double = 0, centerY: Double = 0, radius: Double) {
        circles.append((name, centerX, centerY, radius))
    }

    /// The chart as a standalone SVG document. Complexity: O(total points).
    public func svg() -> String {
        var xs = groups.flatMap { $0.points.filter { $0.1.isFinite }.map(\.0) }
        var ys = groups.flatMap { $0.points.filter { $0.0.isFinite }.map(\.1) }
        for c in circles where c.radius.isFinite && c.centerX.isFinite && c.centerY.isFinite {
            xs += [c.centerX - c.radius, c.centerX + c.radius]
            ys += [c.centerY - c.radius, c.centerY + c.radius]
        }
        let legendWidth = groups.isEmpty && circles.isEmpty ? 0.0 : 150
        var xAxis = ChartAxis(covering: xs, logarithmic: logX)
        var yAxis = ChartAxis(covering: ys, logarithmic: logY)
        if equalAspect && !logX && !logY {
            // Widen the axis with fewer pixels per unit's partner so both scales agree.
            let probe = SVGCanvas(width: width, height: height, legendWidth: legendWidth, x: xAxis, y: yAxis)
            let unitsPerPixel = max((xAxis.upper - xAxis.lower) / probe.plotWidth, (yAxis.upper - yAxis.lower) / probe.plotHeight)
            for axis in [0, 1] {
                let pixels = axis == 0 ? probe.plotWidth : probe.plotHeight
                var a = axis == 0 ? xAxis : yAxis
                let mid = (a.lower + a.upper) / 2, half = unitsPerPixel * pixels / 2
                a.lower = mid - half
                a.upper = mid + half
                a.ticks = a.ticks.filter { $0 >= a.lower && $0 <= a.upper }
                if axis == 0 { xAxis = a } else { yAxis = a }
            }
        }
        var canvas = SVGCanvas(width: width, height: height, legendWidth: legendWidth, x: xAxis, y: yAxis)
        canvas.drawFrame(title: title, xLabel: xLabel, yLabel: yLabel)
        let n = SVGCanvas.number
        for (i, g) in groups.enumerated() {
            let color = SVGCanvas.palette[i % SVGCanvas.palette.count]
            var e = "<g class=\"points\" data-name=\"\(xmlEscaped(g.name))\" fill=\"\(color)\" fill-opacity=\"0.7\" clip-path=\"url(#plot-clip)\">"
            for (px, py) in g.points {
                guard let (cx, cy) = canvas.point(px, py) else { continue }
                e += "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(pointRadius))\"/>"
            }
            canvas.add(e + "</g>")
        }
        for (k, c) in circles.enumerated() {
            guard !logX, !logY, let (cx, cy) = canvas.point(c.centerX, c.centerY), c.radius.isFinite, c.radius >= 0 else { continue }
            let rx = c.radius / (xAxis.upper - xAxis.lower) * canvas.plotWidth
            let ry = c.radius / (yAxis.upper - yAxis.lower) * canvas.plotHeight
            let color = SVGCanvas.palette[(groups.count + k) % SVGCanvas.palette.count]
            canvas.add("<ellipse class=\"overlay\" data-name=\"\(xmlEscaped(c.name))\" cx=\"\(n(cx))\" cy=\"\(n(cy))\" rx=\"\(n(rx))\" ry=\"\(n(ry))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\" clip-path=\"url(#plot-clip)\"/>")
        }
        canvas.drawLegend(groups.map(\.name) + circles.map(\.name))
        return canvas.document()
    }
}
