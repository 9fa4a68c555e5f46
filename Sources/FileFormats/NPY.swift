// NumPy .npy arrays (format versions 1.0, 2.0 and 3.0).

/// The element values of an `NPYArray`, one case per supported dtype.
public enum NPYValues: Equatable, Sendable {
    case float32([Float])     // '<f4'
    case float64([Double])    // '<f8'
    case int32([Int32])       // '<i4'
    case int64([Int64])       // '<i8'
    case uint8([UInt8])       // '|u1'
    case int8([Int8])         // '|i1'

    /// Number of elements.
    public var count: Int {
        switch self {
        case .float32(let v): v.count
        case .float64(let v): v.count
        case .int32(let v): v.count
        case .int64(let v): v.count
        case .uint8(let v): v.count
        case .int8(let v): v.count
        }
    }

    /// The NumPy dtype string written in headers.
    public var descr: String {
        switch self {
        case .float32: "<f4"
        case .float64: "<f8"
        case .int32: "<i4"
        case .int64: "<i8"
        case .uint8: "|u1"
        case .int8: "|i1"
        }
    }
}

/// An n-dimensional array in C (row-major) order, as stored in a `.npy` file.
public struct NPYArray: Equatable, Sendable {
    /// Dimensions; `[]` is a 0-d scalar (one element).
    public var shape: [Int]
    public var values: NPYValues

    public init(shape: [Int], values: NPYValues) {
        self.shape = shape
        self.values = values
    }

    /// The elements as `Float`: float32 as is, float64 rounded to nearest, integers converted.
    /// - Throws: `InputError` naming `file` and the element index when an integer has magnitude
    ///   above 2^24 and so has no exact `Float` value.
    public func floatValues(file: String = "<npy>") throws -> [Float] {
        func exact<T: BinaryInteger>(_ v: [T]) throws -> [Float] {
            if let i = v.firstIndex(where: { $0 > (1 << 24) || $0 < -(1 << 24) }) {
                throw InputError(file: file, place: "element \(i)",
                                 expected: "an integer of magnitude ≤ 2^24 (exact as Float), found \(v[i])")
            }
            return v.map { Float($0) }
        }
        switch values {
        case .float32(let v): return v
        case .float64(let v): return v.map { Float($0) }
        case .int32(let v): return try exact(v)
        case .int64(let v): return try exact(v)
        case .uint8(let v): return v.map { Float($0) }
        case .int8(let v): return v.map { Float($0) }
        }
    }
}

/// Reads and writes NumPy `.npy` files.
///
/// Layout: magic `\x93NUMPY`, major and minor version, header length (UInt16 little-endian for
/// version 1.0, UInt32 for 2.0 and 3.0), then a Python dict literal
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` padded with spaces and a newline
/// so the data starts at a multiple of 64 bytes, then the raw little-endian elements.
///
/// Writing always produces version 1.0 (2.0 only if the header exceeds 65535 bytes). Reading
/// accepts 1.0, 2.0 and 3.0 and the dtypes `<f4 <f8 <i4 <i8 |u1 |i1` (also `<u1 >u1 <i1 >i1`);
/// big-endian or other dtypes throw an `InputError` naming the dtype. `fortran_order: True`
/// arrays are transposed on read into C order, so `shape` and indexing mean the same as in NumPy.
public enum NPY {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    /// Headers longer than this are rejected as malformed (NumPy itself caps them at 10 000 bytes).
    public static let maximumHeaderLength = 1 << 20

    /// A version 1.0 `.npy` file of float32 values. Precondition: the product of `shape` is `floats.count`.
    public static func encode(floats: [Float], shape: [Int]) -> [UInt8] {
        encode(NPYArray(shape: shape, values: .float32(floats)))
    }

    /// The `.npy` bytes of `array`. Precondition: the product of `array.shape` is its element count.
    public static func encode(_ array: NPYArray) -> [UInt8] {
        precondition(array.shape.reduce(1, *) == array.values.count,
                     "shape \(array.shape) does not hold \(array.values.count) values")
        let shapeText = array.shape.count == 1 ? "(\(array.shape[0]),)"
                                                : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        var header = Array("{'descr': '\(array.values.descr)', 'fortran_order': False, 'shape': \(shapeText), }".utf8)
        let version1 = header.count + 11 <= 65535
        let prefix = version1 ? 10 : 12
        let padded = (prefix + header.count + 1 + 63) / 64 * 64
        header += [UInt8](repeating: 0x20, count: padded - prefix - header.count - 1) + [0x0A]
        var out = magic + [version1 ? 1 : 2, 0]
        let n = header.count
        out += version1 ? [UInt8(n & 0xFF), UInt8(n >> 8)] : (0..<4).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) }
        out += header
        switch array.values {
        case .float32(let v): v.withUnsafeBytes { out += $0 }
        case .float64(let v): v.withUnsafeBytes { out += $0 }
        case .int32(let v): v.withUnsafeBytes { out += $0 }
        case .int64(let v): v.withUnsafeBytes { out += $0 }
        case .uint8(let v): out += v
        case .int8(let v): v.withUnsafeBytes { out += $0 }
        }
        return out  // little-endian hosts only (x86-64, arm64), as the dtype strings declare
    }

    /// Reads the `.npy` file at `path`.
    public static func read(path: String) throws -> NPYArray {
        try decode(FileBytes.read(path: path), file: path)
    }

    /// Writes `array` to `path` atomically (see `AtomicFile`).
    public static func write(_ array: NPYArray, to path: String) throws {
        try AtomicFile.write(encode(array), to: path)
    }

    /// Writes float32 `floats` with `shape` to `path` atomically.
    public static func write(floats: [Float], shape: [Int], to path: String) throws {
        try AtomicFile.write(encode(floats: floats, shape: shape), to: path)
    }

    /// Decodes `.npy` bytes. - Parameter file: the name used in errors.
    public static func decode(_ bytes: [UInt8], file: String) throws -> NPYArray {
        func fail(_ place: String, _ expected: String) -> InputError {
            InputError(file: file, place: place, expected: expected)
        }
        guard bytes.count >= 10 else { throw fail("byte \(bytes.count)", "a 10-byte .npy preamble (file is truncated)") }
        guard Array(bytes[0..<6]) == magic else {
            throw fail("byte 0", "the .npy magic \\x93NUMPY, found \(bytes[0..<6].map { hex($0, digits: 2) }.joined(separator: " "))")
        }
        let major = Int(bytes[6])
        guard (1...3).contains(major) else { throw fail("byte 6", "format version 1, 2 or 3, found \(major).\(bytes[7])") }
        let lengthBytes = major == 1 ? 2 : 4
        guard bytes.count >= 8 + lengthBytes else { throw fail("byte \(bytes.count)", "the header length (file is truncated)") }
        var headerLength = 0
        for k in 0..<lengthBytes { headerLength |= Int(bytes[8 + k]) << (8 * k) }
        guard headerLength <= maximumHeaderLength else {
            throw fail("byte 8", "a header length ≤ \(maximumHeaderLength) bytes, found \(headerLength)")
        }
        let dataStart = 8 + lengthBytes + headerLength
        guard bytes.count >= dataStart else {
            throw fail("byte \(bytes.count)", "a header of \(headerLength) bytes (file is truncated)")
        }
        guard let text = String(validating: bytes[(8 + lengthBytes)..<dataStart], as: UTF8.self) else {
            throw fail("header", "UTF-8 text")
        }
        let header = try NPYHeader.parse(text, file: file)
        var count = 1
        for d in header.shape {
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, p <= Int.max / 8 else {
                throw fail("header 'shape'", "dimensions whose product fits in memory, found \(header.shape)")
            }
            count = p
        }
        let width = header.kind.byteWidth
        let available = bytes.count - dataStart
        guard available >= count * width else {
            throw fail("byte \(bytes.count)", "\(count * width) data bytes for shape \(header.shape) of '\(header.descr)', found \(available) (file is truncated)")
        }
        guard available == count * width else {
            throw fail("byte \(dataStart + count * width)", "end of file after the data, found \(available - count * width) extra bytes")
        }
        var data = Array(bytes[dataStart...])
        if header.fortranOrder && header.shape.count > 1 {
            data = transposeFortranToC(data, shape: header.shape, width: width)
        }
        return NPYArray(shape: header.shape, values: header.kind.values(from: data))
    }

    /// Reorders column-major elements into row-major order. Complexity: O(count · ndim).
    static func transposeFortranToC(_ data: [UInt8], shape: [Int], width: Int) -> [UInt8] {
        let count = shape.reduce(1, *)
        var out = [UInt8](repeating: 0, count: data.count)
        var fortranStrides = [Int](repeating: width, count: shape.count)
        for k in 1..<shape.count { fortranStrides[k] = fortranStrides[k - 1] * shape[k - 1] }
        var index = [Int](repeating: 0, count: shape.count)  // C-order multi-index
        var source = 0
        for i in 0..<count {
            for b in 0..<width { out[i * width + b] = data[source + b] }
            var k = shape.count - 1
            while k >= 0 {
                index[k] += 1
                source += fortranStrides[k]
                if index[k] < shape[k] { break }
                source -= fortranStrides[k] * shape[k]
                index[k] = 0
                k -= 1
            }
        }
        return out
    }
}
