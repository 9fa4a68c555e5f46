// IDX arrays (the MNIST file format of LeCun, Cortes & Burges).

/// Element types of IDX files, keyed by the third magic byte.
public enum IDXType: UInt8, Sendable, CaseIterable {
    case uint8 = 0x08, int8 = 0x09, int16 = 0x0B, int32 = 0x0C, float32 = 0x0D, float64 = 0x0E

    /// Bytes per element.
    public var byteWidth: Int {
        switch self {
        case .uint8, .int8: 1
        case .int16: 2
        case .int32, .float32: 4
        case .float64: 8
        }
    }
}

/// An n-dimensional array read from (or to be written as) an IDX file.
///
/// The payload is kept as the file stores it: row-major, big-endian elements. `uint8Values()`
/// hands it out unchanged for byte data (MNIST images and labels); `floatValues()` converts any
/// element type to `Float` (raw values: MNIST pixels come out in 0…255).
public struct IDXArray: Equatable, Sendable {
    public let shape: [Int]
    public let type: IDXType
    /// Row-major big-endian element bytes, `count * type.byteWidth` of them.
    public let payload: [UInt8]

    /// Number of elements (product of `shape`).
    public var count: Int { payload.count / type.byteWidth }

    /// An array of bytes. Precondition: `values.count` equals the product of `shape`.
    public init(shape: [Int], uint8 values: [UInt8]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        self.shape = shape
        self.type = .uint8
        self.payload = values
    }

    /// An array of 32-bit floats. Precondition: `values.count` equals the product of `shape`.
    public init(shape: [Int], float32 values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        self.shape = shape
        self.type = .float32
        var bytes = [UInt8]()
        bytes.reserveCapacity(4 * values.count)
        for v in values { withUnsafeBytes(of: v.bitPattern.bigEndian) { bytes += $0 } }
        self.payload = bytes
    }

    /// An array from already big-endian element bytes (validated by `IDX.decode`).
    init(shape: [Int], type: IDXType, payload: [UInt8]) {
        self.shape = shape
        self.type = type
        self.payload = payload
    }

    /// The elements of a `.uint8` array.
    /// - Throws: `InputError` when the element type is not `.uint8`.
    public func uint8Values() throws -> [UInt8] {
        guard type == .uint8 else {
            throw InputError(file: "<IDX array>", place: "type code",
                             expected: "unsigned byte data (0x08), found \(type) (\(hex(type.rawValue, digits: 2)))")
        }
        return payload
    }

    /// The elements converted to `Float` (exact for 8/16-bit integers, rounded for wider types).
    public func floatValues() -> [Float] {
        payload.withUnsafeBytes { p in
            let n = count
            return [Float](unsafeUninitializedCapacity: n) { out, initialized in
                for i in 0..<n {
                    let o = i * type.byteWidth
                    switch type {
                    case .uint8: out[i] = Float(p[i])
                    case .int8: out[i] = Float(Int8(bitPattern: p[i]))
                    case .int16: out[i] = Float(Int16(bitPattern: UInt16(p[o]) << 8 | UInt16(p[o + 1])))
                    case .int32: out[i] = Float(Int32(bitPattern: IDX.bigEndian32(p, o)))
                    case .float32: out[i] = Float(bitPattern: IDX.bigEndian32(p, o))
                    case .float64: out[i] = Float(Double(bitPattern: UInt64(IDX.bigEndian32(p, o)) << 32
                                                           | UInt64(IDX.bigEndian32(p, o + 4))))
                    }
                }
                initialized = n
            }
        }
    }
}

/// Reads and writes IDX files: magic `00 00 <type> <ndims>`, `ndims` big-endian 32-bit
/// dimensions, then the row-major big-endian elements. Gzip-compressed files (magic `1f 8b`)
/// are inflated first. Every malformation throws an `InputError` naming the byte offset.
public enum IDX {
    /// Reads the IDX file at `path`, raw or gzip-compressed.
    public static func read(path: String) throws -> IDXArray {
        let bytes = try FileBytes.read(path: path)
        return try decode(bytes, file: path)
    }

    /// Decodes IDX bytes (inflating them first when they start with the gzip magic).
    /// - Parameter file: the name used in errors.
    public static func decode(_ bytes: [UInt8], file: String) throws -> IDXArray {
        if GZip.hasMagic(bytes) {
            return try decodeRaw(GZip.decompress(bytes, file: file), file: file + " (inflated)")
        }
        return try decodeRaw(bytes, file: file)
    }

    /// The IDX file bytes (uncompressed) for `array`.
    public static func encode(_ array: IDXArray) -> [UInt8] {
        var out: [UInt8] = [0, 0, array.type.rawValue, UInt8(array.shape.count)]
        for d in array.shape { out += (0..<4).map { UInt8(truncatingIfNeeded: UInt32(d) >> (24 - 8 * $0)) } }
        return out + array.payload
    }

    /// The IDX file bytes for unsigned bytes of the given shape.
    public static func encode(uint8 values: [UInt8], shape: [Int]) -> [UInt8] {
        encode(IDXArray(shape: shape, uint8: values))
    }

    static func bigEndian32(_ p: UnsafeRawBufferPointer, _ o: Int) -> UInt32 {
        UInt32(p[o]) << 24 | UInt32(p[o + 1]) << 16 | UInt32(p[o + 2]) << 8 | UInt32(p[o + 3])
    }

    private static func decodeRaw(_ bytes: [UInt8], file: String) throws -> IDXArray {
        func fail(_ at: Int, _ expected: String) -> InputError {
            InputError(file: file, place: "byte \(at)", expected: expected)
        }
        guard bytes.count >= 4 else {
            throw fail(bytes.count, "a 4-byte IDX header, found \(bytes.count) bytes (file is truncated)")
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw fail(0, "IDX magic 0x0000 then a type code, found \(hex(UInt16(bytes[0]) << 8 | UInt16(bytes[1]), digits: 4))")
        }
        guard let type = IDXType(rawValue: bytes[2]) else {
            throw fail(2, "IDX type code 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e, found \(hex(bytes[2], digits: 2))")
        }
        let ndims = Int(bytes[3])
        guard ndims >= 1 else { throw fail(3, "at least 1 dimension, found 0") }
        let headerLength = 4 + 4 * ndims
        guard bytes.count >= headerLength else {
            throw fail(bytes.count, "\(ndims) big-endian 32-bit dimensions (header of \(headerLength) bytes is truncated)")
        }
        var shape: [Int] = []
        var count = 1
        try bytes.withUnsafeBytes { p in
            for k in 0..<ndims {
                let d = Int(bigEndian32(p, 4 + 4 * k))
                shape.append(d)
                let (product, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow, product <= Int.max / 8 else {
                    throw fail(4 + 4 * k, "dimensions whose product fits in memory, shape so far \(shape) overflows")
                }
                count = product
            }
        }
        let dataLength = count * type.byteWidth
        let available = bytes.count - headerLength
        guard available >= dataLength else {
            throw fail(bytes.count, "\(dataLength) data bytes for shape \(shape) of \(type), found \(available) (file is truncated)")
        }
        guard available == dataLength else {
            throw fail(headerLength + dataLength, "end of file after \(dataLength) data bytes, found \(available - dataLength) extra bytes")
        }
        return IDXArray(shape: shape, type: type, payload: Array(bytes[headerLength...]))
    }
}
