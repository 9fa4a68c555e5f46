// Comma-separated values (RFC 4180) for traces and tables.

/// A table written as RFC 4180 CSV: a header line, then one line per row. Lines end in `\n`
/// (RFC 4180 says CRLF; every common reader, including Python's csv and pandas, accepts both).
///
/// A field is quoted when it contains a comma, a double quote, CR or LF, or leading/trailing
/// spaces; quotes inside are doubled. Numbers are written with Swift's shortest round-trip
/// representation (`0.1`, `1e-05`, `nan`, `inf`), which NumPy and pandas read back exactly.
/// ```
/// var trace = CSVTable(header: ["step", "energy"])
/// trace.addRow([0, -1.5])
/// try trace.write(to: "trace.csv")
/// ```
public struct CSVTable: Sendable, Equatable {
    public let header: [String]
    public private(set) var rows: [[String]] = []

    public init(header: [String]) {
        self.header = header
    }

    /// Appends a row of text fields. Precondition: as many fields as header columns.
    public mutating func addRow(_ fields: [String]) {
        precondition(fields.count == header.count, "CSV row has \(fields.count) fields, header has \(header.count)")
        rows.append(fields)
    }

    /// Appends a row of numbers (shortest round-trip decimal form).
    public mutating func addRow(_ values: [Double]) {
        addRow(values.map(CSVTable.number))
    }

    /// The shortest decimal text that reads back as exactly `v`.
    public static func number(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// `field`, quoted if RFC 4180 requires it.
    public static func quoted(_ field: String) -> String {
        let needsQuotes = field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            || field.hasPrefix(" ") || field.hasSuffix(" ")
        return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    /// One CSV line (without the line terminator).
    public static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",")
    }

    /// The whole table as text, each line ending in `\n`.
    public var text: String {
        ([CSVTable.line(header)] + rows.map(CSVTable.line)).joined(separator: "\n") + "\n"
    }

    /// Writes the table to `path` atomically.
    public func write(to path: String) throws {
        try AtomicFile.write(text: text, to: path)
    }
}
