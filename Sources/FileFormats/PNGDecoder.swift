// Reading PNG files written by `PNG.encode` (and other simple 8-bit, non-interlaced PNGs).

extension PNG {
    /// Largest image accepted, in pixels (guards against absurd IHDR sizes).
    public static let maximumPixels = 1 << 28

    /// Decodes PNG bytes. - Parameter file: the name used in errors.
    public static func decode(_ bytes: [UInt8], file: String) throws -> PNGImage {
        func fail(_ at: Int, _ expected: String) -> InputError {
            InputError(file: file, place: "byte \(at)", expected: expected)
        }
        func u32(_ i: Int) -> Int {
            Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
        }
        guard bytes.count >= 8, Array(bytes[0..<8]) == signature else {
            throw fail(0, "the PNG signature 89 50 4E 47 0D 0A 1A 0A" + (bytes.count < 8 ? " (file is truncated)" : ""))
        }
        var i = 8
        var header: (width: Int, height: Int, color: PNGColor)?
        var compressed: [UInt8] = []
        var sawEnd = false
        while !sawEnd {
            guard i + 8 <= bytes.count else { throw fail(bytes.count, "another chunk header (file is truncated, no IEND)") }
            let length = u32(i)
            let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            guard length <= 0x7FFF_FFFF else { throw fail(i, "a chunk length < 2^31, found \(length)") }
            guard i + 12 + length <= bytes.count else {
                throw fail(bytes.count, "\(length) bytes of \(type) data and its CRC (file is truncated)")
            }
            let data = Array(bytes[(i + 8)..<(i + 8 + length)])
            let stored = UInt32(u32(i + 8 + length))
            let actual = CRC32.checksum(bytes[(i + 4)..<(i + 8 + length)])
            guard stored == actual else {
                throw fail(i + 8 + length, "CRC-32 \(hex(actual, digits: 8)) of chunk \(type), found \(hex(stored, digits: 8))")
            }
            if header == nil && type != "IHDR" { throw fail(i + 4, "IHDR as the first chunk, found \(type)") }
            switch type {
            case "IHDR":
                guard header == nil, length == 13 else { throw fail(i, "a single 13-byte IHDR") }
                let width = u32(i + 8), height = u32(i + 12)
                guard (1...0x7FFF_FFFF).contains(width), (1...0x7FFF_FFFF).contains(height),
                      width.multipliedReportingOverflow(by: height).partialValue <= maximumPixels,
                      !width.multipliedReportingOverflow(by: height).overflow else {
                    throw fail(i + 8, "width and height ≥ 1 with at most \(maximumPixels) pixels, found \(width)x\(height)")
                }
                guard data[8] == 8 else { throw fail(i + 16, "bit depth 8, found \(data[8])") }
                guard let color = PNGColor(rawValue: data[9]) else {
                    throw fail(i + 17, "colour type 0, 2, 4 or 6 (palette images are not supported), found \(data[9])")
                }
                guard data[10] == 0, data[11] == 0 else { throw fail(i + 18, "compression and filter method 0") }
                guard data[12] == 0 else { throw fail(i + 20, "a non-interlaced image (interlace method 0), found \(data[12])") }
                header = (width, height, color)
            case "IDAT": compressed += data
            case "IEND": sawEnd = true
            default:
                // Bit 5 of the first letter clear marks a critical chunk we cannot ignore.
                guard bytes[i + 4] & 0x20 != 0 else { throw fail(i + 4, "a known critical chunk, found \(type)") }
            }
            i += 12 + length
        }
        guard let header else { throw fail(8, "an IHDR chunk") }
        guard !compressed.isEmpty else { throw fail(i, "at least one IDAT chunk") }
        let filtered = try Zlib.decompress(compressed, file: file + " (IDAT)")
        let bpp = header.color.channels, stride = header.width * bpp
        guard filtered.count == header.height * (stride + 1) else {
            throw InputError(file: file, place: "IDAT", expected: "\(header.height * (stride + 1)) bytes of scanlines for \(header.width)x\(header.height) \(header.color), found \(filtered.count)")
        }
        var pixels = [UInt8](repeating: 0, count: header.height * stride)
        let zeros = [UInt8](repeating: 0, count: stride)
        try pixels.withUnsafeMutableBufferPointer { out in
            try zeros.withUnsafeBufferPointer { zero in
                for y in 0..<header.height {
                    let type = Int(filtered[y * (stride + 1)])
                    guard type <= 4 else {
                        throw InputError(file: file, place: "IDAT row \(y)", expected: "filter type 0…4, found \(type)")
                    }
                    let row = UnsafeMutableBufferPointer(rebasing: out[(y * stride)..<((y + 1) * stride)])
                    let prior = y == 0 ? zero : UnsafeBufferPointer(rebasing: out[((y - 1) * stride)..<(y * stride)])
                    for x in 0..<stride {
                        row[x] = filtered[y * (stride + 1) + 1 + x] &+ predict(type, UnsafeBufferPointer(row), prior, x, bpp)
                    }
                }
            }
        }
        return PNGImage(width: header.width, height: header.height, color: header.color, pixels: pixels)
    }
}
