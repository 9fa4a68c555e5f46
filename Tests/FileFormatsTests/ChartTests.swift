import FileFormats
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// SVG charts: well-formed XML, points mapped into the plot area by the axis scale, NaN skipped.
final class ChartTests: XCTestCase {
    /// Elements of an SVG document, parsed with Foundation's XMLParser (fails the test on bad XML).
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var texts: [String] = []
        private var current = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append((name, attributes))
            current = ""
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text" { texts.append(current) }
            current = ""
        }
    }

    func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> Collector {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "invalid XML: \(String(describing: parser.parserError))", file: file, line: line)
        return collector
    }

    func plotArea(_ c: Collector) -> (x: Double, y: Double, w: Double, h: Double) {
        let a = c.elements.first { $0.attributes["class"] == "plot-area" }!.attributes
        return (Double(a["x"]!)!, Double(a["y"]!)!, Double(a["width"]!)!, Double(a["height"]!)!)
    }

    /// The (x, y) pairs of every M/L command in a path's `d`, with the command letters.
    func pathPoints(_ d: String) -> [(command: Character, x: Double, y: Double)] {
        var out: [(Character, Double, Double)] = []
        let tokens = d.split(separator: " ")
        var i = 0
        while i + 1 < tokens.count {
            let first = tokens[i]
            out.append((first.first!, Double(first.dropFirst())!, Double(tokens[i + 1])!))
            i += 2
        }
        return out
    }

    func testLineChartIsValidXMLWithEscapedTextAndLegend() {
        var chart = LineChart(title: "Loss <train & \"test\">", xLabel: "epoch's", yLabel: "E")
        chart.addSeries(name: "a<b", points: [(0, 1), (1, 2)])
        chart.addSeries(name: "second", values: [3, 2, 1])
        let c = parse(chart.svg())
        XCTAssertTrue(c.texts.contains("Loss <train & \"test\">"))
        XCTAssertTrue(c.texts.contains("epoch's"))
        XCTAssertTrue(c.texts.contains("a<b"))
        XCTAssertEqual(c.elements.filter { $0.attributes["class"] == "series" }.map { $0.attributes["data-name"] }, ["a<b", "second"])
        XCTAssertEqual(c.elements.first?.name, "svg")
    }

    func testLinearPointsMapProportionallyInsideThePlotArea() {
        var chart = LineChart(title: "t", xLabel: "x", yLabel: "y")
        chart.addSeries(name: "line", points: [(1, 10), (2, 20), (3, 30), (5, 50)])
        let c = parse(chart.svg())
        let area = plotArea(c)
        let d = c.elements.first { $0.name == "path" }!.attributes["d"]!
        let p = pathPoints(d)
        XCTAssertEqual(p.map(\.command), ["M", "L", "L", "L"])
        for q in p {
            XCTAssertTrue(q.x >= area.x - 0.01 && q.x <= area.x + area.w + 0.01, "\(q)")
            XCTAssertTrue(q.y >= area.y - 0.01 && q.y <= area.y + area.h + 0.01, "\(q)")
        }
        // y = 10x is a straight line: equal data steps give equal pixel steps (to rounding, 0.01 px),
        // and larger y is higher on the page (smaller SVG y).
        XCTAssertEqual(p[1].x - p[0].x, p[2].x - p[1].x, accuracy: 0.02)
        XCTAssertEqual(p[3].x - p[2].x, 2 * (p[1].x - p[0].x), accuracy: 0.03)
        XCTAssertEqual((p[1].y - p[0].y) / (p[1].x - p[0].x), (p[3].y - p[2].y) / (p[3].x - p[2].x), accuracy: 1e-3)
        XCTAssertLessThan(p[3].y, p[0].y)
    }

    func testLogAxesMapDecadesToEqualStepsAndTickPowersOfTen() {
        var chart = LineChart(title: "t", xLabel: "n", yLabel: "error")
        chart.logX = true
        chart.logY = true
        chart.addSeries(name: "power law", points: [(1, 1), (10, 0.01), (100, 0.0001), (0, 5), (-3, 1)])
        let c = parse(chart.svg())
        let p = pathPoints(c.elements.first { $0.name == "path" }!.attributes["d"]!)
        XCTAssertEqual(p.count, 3, "non-positive x on a log axis must be skipped")
        XCTAssertEqual(p[1].x - p[0].x, p[2].x - p[1].x, accuracy: 0.02)
        XCTAssertEqual(p[1].y - p[0].y, p[2].y - p[1].y, accuracy: 0.02)
        XCTAssertTrue(c.texts.contains("1e-4") || c.texts.contains("0.0001"), "\(c.texts)")
        XCTAssertTrue(c.texts.contains("100"))
    }

    func testNaNAndInfinitePointsAreSkippedAndBreakTheLine() {
        var chart = LineChart(title: "t", xLabel: "x", yLabel: "y")
        chart.addSeries(name: "gappy", points: [(0, 0), (1, .nan), (2, 2), (3, .infinity), (4, 4), (.nan, 1)])
        chart.addSeries(name: "empty", points: [(.nan, .nan)])
        let c = parse(chart.svg())
        let paths = c.elements.filter { $0.name == "path" }
        let p = pathPoints(paths[0].attributes["d"]!)
        XCTAssertEqual(p.map(\.command), ["M", "M", "M"], "each NaN/∞ lifts the pen")
        XCTAssertEqual(paths[1].attributes["visibility"], "hidden")
        // An all-NaN chart still renders with a default range.
        var blank = LineChart(title: "nothing", xLabel: "x", yLabel: "y")
        blank.addSeries(name: "n", points: [(.nan, 1)])
        _ = parse(blank.svg())
    }

    func testScatterWithEqualAspectDrawsARoundCircleAndPointsInside() {
        // 100 points on the unit circle, overlay radius 1: with equal aspect rx = ry, and every point
        // lies on the overlay (distance from its centre = rx up to the 0.01 px rounding).
        var chart = ScatterChart(title: "Spectrum", xLabel: "Re λ", yLabel: "Im λ")
        chart.equalAspect = true
        let points = (0..<100).map { k -> (Double, Double) in
            let t = 2 * Double.pi * Double(k) / 100
            return (cos(t), sin(t))
        }
        chart.addPoints(name: "eigenvalues", points: points + [(.nan, 0)])
        chart.addCircle(name: "radius g = 1", radius: 1)
        let c = parse(chart.svg())
        let area = plotArea(c)
        let overlay = c.elements.first { $0.attributes["class"] == "overlay" }!.attributes
        let rx = Double(overlay["rx"]!)!, ry = Double(overlay["ry"]!)!
        let cx = Double(overlay["cx"]!)!, cy = Double(overlay["cy"]!)!
        XCTAssertEqual(rx, ry, accuracy: 0.02)
        let dots = c.elements.filter { $0.name == "circle" }
        XCTAssertEqual(dots.count, 100, "the NaN point is skipped")
        for dot in dots {
            let x = Double(dot.attributes["cx"]!)!, y = Double(dot.attributes["cy"]!)!
            XCTAssertTrue(x >= area.x && x <= area.x + area.w && y >= area.y && y <= area.y + area.h)
            XCTAssertEqual(((x - cx) * (x - cx) + (y - cy) * (y - cy)).squareRoot(), rx, accuracy: 0.05)
        }
        XCTAssertTrue(c.texts.contains("radius g = 1"))
    }
}
