// PNG images (ISO/IEC 15948): 8-bit greyscale, grey+alpha, RGB and RGBA, non-interlaced.

/// PNG colour types supported here (all with 8 bits per sample).
public enum PNGColor: UInt8, Sendable {
    case gray = 0, rgb = 2, grayAlpha = 4, rgba = 6

    /// Samples per pixel.
    public var channels: Int {
        switch self {
        case .gray: 1
        case .grayAlpha: 2
        case .rgb: 3
        case .rgba: 4
        }
    }
}

/// An 8-bit image: `pixels` holds `height` rows of `width · color.channels` samples, top row first.
public struct PNGImage: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var color: PNGColor
    public var pixels: [UInt8]

    /// Precondition: `pixels.count == width · height · color.channels`, width and height ≥ 1.
    public init(width: Int, height: Int, color: PNGColor, pixels: [UInt8]) {
        precondition(width >= 1 && height >= 1, "a PNG needs at least one pixel")
        precondition(pixels.count == width * height * color.channels, "pixel count does not match \(width)x\(height) \(color)")
        self.width = width
        self.height = height
        self.color = color
        self.pixels = pixels
    }
}

/// Writes and reads PNG files.
///
/// Encoding: signature, IHDR, one IDAT holding the zlib stream (our `Deflate`) of the filtered
/// scanlines, IEND; every chunk carries the CRC-32 of its type and data. Filtering is either none
/// (type 0 on every row) or adaptive: each row takes the filter (None, Sub, Up, Average, Paeth)
/// with the smallest sum of |residual| as signed bytes, the heuristic recommended by the PNG
/// specification (section 12.8).
///
/// Decoding is for our own and similar simple files: 8-bit, non-interlaced, colour types 0, 2,
/// 4 and 6, all five filters; ancillary chunks are skipped after their CRC is checked. Anything
/// else, and every truncation, bad CRC or inconsistent size, throws an `InputError`.
public enum PNG {
    public enum Filtering: Sendable { case none, adaptive }

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The PNG file bytes for `image`.
    public static func encode(_ image: PNGImage, filtering: Filtering = .adaptive) -> [UInt8] {
        var ihdr = bigEndian(UInt32(image.width)) + bigEndian(UInt32(image.height))
        ihdr += [8, image.color.rawValue, 0, 0, 0]
        let filtered = filter(image, filtering)
        return signature + chunk("IHDR", ihdr) + chunk("IDAT", Zlib.compress(filtered)) + chunk("IEND", [])
    }

    /// Writes `image` as a PNG file at `path`, atomically.
    public static func write(_ image: PNGImage, to path: String) throws {
        try AtomicFile.write(encode(image), to: path)
    }

    /// Reads the PNG file at `path`.
    public static func read(path: String) throws -> PNGImage {
        try decode(FileBytes.read(path: path), file: path)
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(CRC32.checksum(typed))
    }

    /// The Paeth predictor (PNG section 9.4): whichever of a (left), b (up), c (up-left) is
    /// closest to a + b − c, ties resolved in the order a, b, c.
    @inline(__always)
    static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
        return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
    }

    /// The predictor of filter `type` for byte `i` of a row (`bpp` bytes per pixel).
    @inline(__always)
    static func predict(_ type: Int, _ row: UnsafeBufferPointer<UInt8>, _ prior: UnsafeBufferPointer<UInt8>,
                        _ i: Int, _ bpp: Int) -> UInt8 {
        let a = i >= bpp ? row[i - bpp] : 0
        let b = prior[i]
        switch type {
        case 1: return a
        case 2: return b
        case 3: return UInt8((Int(a) + Int(b)) / 2)
        case 4: return paeth(a, b, i >= bpp ? prior[i - bpp] : 0)
        default: return 0
        }
    }

    /// Scanlines, each prefixed with its filter type byte.
    static func filter(_ image: PNGImage, _ filtering: Filtering) -> [UInt8] {
        let stride = image.width * image.color.channels, bpp = image.color.channels
        var out = [UInt8]()
        out.reserveCapacity(image.height * (stride + 1))
        let zeros = [UInt8](repeating: 0, count: stride)
        var candidate = [UInt8](repeating: 0, count: stride)
        image.pixels.withUnsafeBufferPointer { all in
            zeros.withUnsafeBufferPointer { zero in
                for y in 0..<image.height {
                    let row = UnsafeBufferPointer(rebasing: all[(y * stride)..<((y + 1) * stride)])
                    let prior = y == 0 ? zero : UnsafeBufferPointer(rebasing: all[((y - 1) * stride)..<(y * stride)])
                    var bestType = 0, bestCost = Int.max
                    for type in (filtering == .none ? 0...0 : 0...4) {
                        var cost = 0
                        for i in 0..<stride {
                            cost += abs(Int(Int8(bitPattern: row[i] &- predict(type, row, prior, i, bpp))))
                        }
                        if cost < bestCost { bestCost = cost; bestType = type }
                    }
                    for i in 0..<stride { candidate[i] = row[i] &- predict(bestType, row, prior, i, bpp) }
                    out.append(UInt8(bestType))
                    out += candidate
                }
            }
        }
        return out
    }
}
