// The Python-literal header dictionary of .npy files.

/// The supported element kinds of `.npy` data.
enum NPYKind {
    case float32, float64, int32, int64, uint8, int8

    init?(descr: String) {
        switch descr {
        case "<f4": self = .float32
        case "<f8": self = .float64
        case "<i4": self = .int32
        case "<i8": self = .int64
        case "|u1", "<u1", ">u1": self = .uint8
        case "|i1", "<i1", ">i1": self = .int8
        default: return nil
        }
    }

    var byteWidth: Int {
        switch self {
        case .float32, .int32: 4
        case .float64, .int64: 8
        case .uint8, .int8: 1
        }
    }

    /// Reinterprets little-endian element bytes.
    func values(from data: [UInt8]) -> NPYValues {
        func load<T>(_: T.Type) -> [T] {
            data.withUnsafeBytes { raw in
                let n = raw.count / MemoryLayout<T>.size
                return [T](unsafeUninitializedCapacity: n) { out, initialized in
                    for i in 0..<n { out[i] = raw.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self) }
                    initialized = n
                }
            }
        }
        switch self {
        case .float32: return .float32(load(Float.self))
        case .float64: return .float64(load(Double.self))
        case .int32: return .int32(load(Int32.self))
        case .int64: return .int64(load(Int64.self))
        case .uint8: return .uint8(data)
        case .int8: return .int8(data.map { Int8(bitPattern: $0) })
        }
    }
}

/// The parsed header: `{'descr': …, 'fortran_order': …, 'shape': (…), }`.
struct NPYHeader {
    var descr: String
    var kind: NPYKind
    var fortranOrder: Bool
    var shape: [Int]

    /// Parses the dict literal with a small scanner (strings, True/False, tuples of integers).
    static func parse(_ text: String, file: String) throws -> NPYHeader {
        var scanner = LiteralScanner(chars: Array(text.unicodeScalars), file: file)
        var descr: String?, fortran: Bool?, shape: [Int]?
        try scanner.expect("{")
        while true {
            scanner.skipSpace()
            if scanner.peek() == "}" { break }
            let key = try scanner.string()
            try scanner.expect(":")
            switch key {
            case "descr": descr = try scanner.string()
            case "fortran_order": fortran = try scanner.boolean()
            case "shape": shape = try scanner.tuple()
            default: throw scanner.fail("one of the keys 'descr', 'fortran_order', 'shape', found '\(key)'")
            }
            scanner.skipSpace()
            if scanner.peek() == "," { scanner.advance() } else { break }
        }
        try scanner.expect("}")
        guard let descr, let fortran, let shape else {
            throw InputError(file: file, place: "header", expected: "the keys 'descr', 'fortran_order' and 'shape'")
        }
        guard let kind = NPYKind(descr: descr) else {
            throw InputError(file: file, place: "header 'descr'",
                             expected: "dtype '<f4', '<f8', '<i4', '<i8', '|u1' or '|i1' (little-endian), found '\(descr)'")
        }
        return NPYHeader(descr: descr, kind: kind, fortranOrder: fortran, shape: shape)
    }
}

/// Scans the subset of Python literal syntax used by `.npy` headers.
struct LiteralScanner {
    let chars: [Unicode.Scalar]
    let file: String
    var i = 0

    func fail(_ expected: String) -> InputError {
        InputError(file: file, place: "header character \(i)", expected: expected)
    }

    func peek() -> Unicode.Scalar? { i < chars.count ? chars[i] : nil }
    mutating func advance() { i += 1 }

    mutating func skipSpace() {
        while let c = peek(), c == " " || c == "\n" || c == "\t" || c == "\r" { advance() }
    }

    mutating func expect(_ c: Unicode.Scalar) throws {
        skipSpace()
        guard peek() == c else { throw fail("'\(c)', found \(peek().map { "'\($0)'" } ?? "end of header")") }
        advance()
    }

    mutating func string() throws -> String {
        skipSpace()
        guard let quote = peek(), quote == "'" || quote == "\"" else { throw fail("a quoted string") }
        advance()
        var s = ""
        while let c = peek(), c != quote { s.unicodeScalars.append(c); advance() }
        guard peek() == quote else { throw fail("a closing quote") }
        advance()
        return s
    }

    mutating func boolean() throws -> Bool {
        skipSpace()
        for (word, value) in [("True", true), ("False", false)]
        where i + word.unicodeScalars.count <= chars.count && String(String.UnicodeScalarView(chars[i..<(i + word.unicodeScalars.count)])) == word {
            i += word.unicodeScalars.count
            return value
        }
        throw fail("True or False")
    }

    /// `()`, `(n,)` or `(n, m, …)` of non-negative integers (an optional `L` suffix is allowed).
    mutating func tuple() throws -> [Int] {
        try expect("(")
        var values: [Int] = []
        while true {
            skipSpace()
            if peek() == ")" { advance(); return values }
            var digits = ""
            while let c = peek(), ("0"..."9").contains(c) { digits.unicodeScalars.append(c); advance() }
            guard let v = Int(digits) else { throw fail("a non-negative integer dimension") }
            values.append(v)
            if peek() == "L" { advance() }
            skipSpace()
            if peek() == "," { advance() } else if peek() != ")" { throw fail("',' or ')' in the shape tuple") }
        }
    }
}
