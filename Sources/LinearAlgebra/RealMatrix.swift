// RealMatrix.swift — a dense, row-major, Double-precision matrix (value type).

/// A dense `rows × columns` matrix of `Double`, stored row-major: entry (i, j) is
/// `elements[i * columns + j]`.
///
/// A value type with copy-on-write storage (an `Array`). Shapes are checked: initializers and
/// arithmetic that receive mismatched sizes throw ``LinearAlgebraError/dimensionMismatch(operation:expected:got:)``.
/// Subscripts, like `Array`'s, require in-range indices (a programming error otherwise).
public struct RealMatrix: Equatable, Sendable, CustomStringConvertible {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The entries in row-major order; `elements.count == rows * columns`.
    public internal(set) var elements: [Double]

    /// A matrix with every entry equal to `value`. Negative sizes are treated as 0.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.rows = Swift.max(rows, 0)
        self.columns = Swift.max(columns, 0)
        self.elements = [Double](repeating: value, count: self.rows * self.columns)
    }

    /// A matrix from row-major `Double` entries.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:expected:got:)`` unless
    ///   `elements.count == rows * columns` with `rows, columns ≥ 0`.
    public init(rows: Int, columns: Int, elements: [Double]) throws(LinearAlgebraError) {
        guard rows >= 0, columns >= 0, elements.count == rows * columns else {
            throw .dimensionMismatch(operation: "RealMatrix.init", expected: "\(rows)x\(columns) entries",
                                     got: "\(elements.count) entries")
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from row-major `Float` entries, widened to `Double`.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:expected:got:)`` as the `Double` initializer.
    public init(rows: Int, columns: Int, elements: [Float]) throws(LinearAlgebraError) {
        try self.init(rows: rows, columns: columns, elements: elements.map { Double($0) })
    }

    /// The entries rounded to `Float`, row-major.
    public var floatElements: [Float] { elements.map { Float($0) } }

    /// A matrix from an array of rows.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:expected:got:)`` if rows differ in length.
    public init(_ rowArrays: [[Double]]) throws(LinearAlgebraError) {
        let r = rowArrays.count, c = rowArrays.first?.count ?? 0
        var e = [Double]()
        e.reserveCapacity(r * c)
        for (i, row) in rowArrays.enumerated() {
            guard row.count == c else {
                throw .dimensionMismatch(operation: "RealMatrix.init(rows)", expected: "row \(i) of length \(c)",
                                         got: "length \(row.count)")
            }
            e.append(contentsOf: row)
        }
        self.rows = r
        self.columns = c
        self.elements = e
    }

    /// A matrix whose entry (i, j) is `entry(i, j)`.
    public init(rows: Int, columns: Int, entry: (Int, Int) -> Double) {
        self.init(rows: rows, columns: columns)
        for i in 0..<self.rows { for j in 0..<self.columns { elements[i * self.columns + j] = entry(i, j) } }
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> RealMatrix {
        var m = RealMatrix(rows: n, columns: n)
        for i in 0..<m.rows { m.elements[i * m.columns + i] = 1 }
        return m
    }

    /// A square matrix with `values` on the diagonal.
    public static func diagonal(_ values: [Double]) -> RealMatrix {
        var m = RealMatrix(rows: values.count, columns: values.count)
        for (i, v) in values.enumerated() { m.elements[i * m.columns + i] = v }
        return m
    }

    /// Entry (i, j). Requires `0 ≤ i < rows`, `0 ≤ j < columns`.
    public subscript(i: Int, j: Int) -> Double {
        get {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns, "RealMatrix index out of range")
            return elements[i * columns + j]
        }
        set {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns, "RealMatrix index out of range")
            elements[i * columns + j] = newValue
        }
    }

    /// True when the matrix is square.
    public var isSquare: Bool { rows == columns }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] { Array(elements[(i * columns)..<((i + 1) * columns)]) }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] { (0..<rows).map { elements[$0 * columns + j] } }

    /// The diagonal entries (i, i) for i < min(rows, columns).
    public var diagonalEntries: [Double] { (0..<Swift.min(rows, columns)).map { elements[$0 * columns + $0] } }

    /// The sum of the diagonal entries.
    public var trace: Double { diagonalEntries.reduce(0, +) }

    /// The transpose, computed in 32 × 32 tiles for cache locality. O(rows·columns).
    public var transposed: RealMatrix {
        var t = RealMatrix(rows: columns, columns: rows)
        let r = rows, c = columns
        elements.withUnsafeBufferPointer { src in
            t.elements.withUnsafeMutableBufferPointer { dst in
                transposeKernel(src.baseAddress, dst.baseAddress, rows: r, columns: c)
            }
        }
        return t
    }

    /// The (row, column) of the first NaN or infinite entry in row-major order, if any.
    public var firstNonFiniteEntry: (row: Int, column: Int)? {
        for (k, v) in elements.enumerated() where !v.isFinite { return (k / Swift.max(columns, 1), k % Swift.max(columns, 1)) }
        return nil
    }

    /// Throws ``LinearAlgebraError/nonFiniteInput(operation:row:column:)`` if an entry is NaN or infinite.
    func requireFinite(_ operation: String) throws(LinearAlgebraError) {
        if let p = firstNonFiniteEntry { throw .nonFiniteInput(operation: operation, row: p.row, column: p.column) }
    }

    /// Throws ``LinearAlgebraError/notSquare(operation:rows:columns:)`` unless square.
    func requireSquare(_ operation: String) throws(LinearAlgebraError) {
        guard rows == columns else { throw .notSquare(operation: operation, rows: rows, columns: columns) }
    }

    public var description: String {
        var s = "RealMatrix \(rows)x\(columns)"
        for i in 0..<Swift.min(rows, 8) {
            s += "\n  " + (0..<Swift.min(columns, 8)).map { String(elements[i * columns + $0]) }.joined(separator: " ")
            if columns > 8 { s += " …" }
        }
        if rows > 8 { s += "\n  …" }
        return s
    }
}

/// dst (c × r) = transpose of src (r × c), row-major, in 32 × 32 tiles.
func transposeKernel(_ src: UnsafePointer<Double>?, _ dst: UnsafeMutablePointer<Double>?, rows r: Int, columns c: Int) {
    guard let src, let dst else { return }
    let tile = 32
    var i0 = 0
    while i0 < r {
        let i1 = Swift.min(i0 + tile, r)
        var j0 = 0
        while j0 < c {
            let j1 = Swift.min(j0 + tile, c)
            for i in i0..<i1 { for j in j0..<j1 { dst[j &* r &+ i] = src[i &* c &+ j] } }
            j0 = j1
        }
        i0 = i1
    }
}
