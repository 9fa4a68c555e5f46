import DenseKernels
import FileFormats
import Foundation

/// Reading and writing the arrays, JSON and text files of runs, always atomically.
public enum ArrayFiles {
    public static func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw InputError(file: path, place: "directory", expected: "a directory that can be created and written (\(error.localizedDescription))")
        }
    }

    /// Writes float32 values with `shape` as a `.npy` file.
    public static func write(_ values: [Float], shape: [Int], to path: String) throws {
        try AtomicFile.write(NPY.encode(floats: values, shape: shape), to: path)
    }

    /// Reads a `.npy` file of float32 (or float64, converted) values.
    public static func read(_ path: String) throws -> ([Int], [Float]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, place: "file", expected: "a readable .npy file (it does not exist or cannot be read)")
        }
        return try decode([UInt8](data), file: path)
    }

    static func decode(_ bytes: [UInt8], file: String) throws -> ([Int], [Float]) {
        let array = try NPY.decode(bytes, file: file)
        return (array.shape, try array.floatValues(file: file))
    }

    public static func writeJSON(_ object: [String: Any], to path: String) throws {
        let data: Data
        do {
            data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        } catch {
            throw InputError(file: path, place: "contents", expected: "JSON-serialisable values (\(error))")
        }
        try AtomicFile.write([UInt8](data), to: path)
    }

    public static func writeText(_ text: String, to path: String) throws {
        try AtomicFile.write(Array(text.utf8), to: path)
    }
}

/// Pictures of runs: PNG grids of images and SVG line charts.
public enum Pictures {
    /// A grid of equally sized grey images (pixels in [0, 1]), `columns` per row (square-ish by default).
    public static func grid(_ images: [[Float]], width: Int, height: Int, columns: Int? = nil, to path: String) throws {
        let cols = columns ?? max(1, Int(Double(images.count).squareRoot().rounded(.up)))
        let png = ImageGrid.png(images: images, width: width, height: height, columns: cols, scale: 2)
        try AtomicFile.write(png, to: path)
    }

    /// A grid of the states in the columns of `states` (N × B), each shown as its rates φ(x) mapped to [0, 1].
    public static func stateGrid(_ states: Matrix, width: Int, height: Int, to path: String) throws {
        let images = (0..<states.cols).map { c in (0..<states.rows).map { ExperimentData.displayPixel(states[$0, c]) } }
        try grid(images, width: width, height: height, to: path)
    }

    public static func lineChart(title: String, xLabel: String, yLabel: String, series: [(String, [(Double, Double)])],
                                 logX: Bool = false, logY: Bool = false, to path: String) throws {
        var chart = LineChart(title: title, xLabel: xLabel, yLabel: yLabel)
        chart.logX = logX
        chart.logY = logY
        for (name, points) in series { chart.addSeries(name: name, points: points) }
        try AtomicFile.write(Array(chart.svg().utf8), to: path)
    }
}
