// zlib stream format (RFC 1950).

/// Reads and writes zlib streams (RFC 1950), the compression inside PNG IDAT chunks.
///
/// Layout: CMF (method 8, CINFO = log2(window) − 8 ≤ 7), FLG (FCHECK makes `CMF·256 + FLG` a
/// multiple of 31; FDICT preset dictionaries are not supported), a DEFLATE stream, then the
/// Adler-32 of the uncompressed data, big-endian. Bad headers, checksum mismatches and truncation
/// throw an `InputError`.
public enum Zlib {
    /// Decompresses the zlib stream `bytes`; trailing bytes after the Adler-32 are an error.
    public static func decompress(_ bytes: [UInt8], file: String = "<zlib>") throws -> [UInt8] {
        try bytes.withUnsafeBytes { p in
            func fail(_ at: Int, _ expected: String) -> InputError {
                InputError(file: file, place: "byte \(at)", expected: expected)
            }
            guard p.count >= 2 else { throw fail(p.count, "a 2-byte zlib header (data is truncated)") }
            let cmf = p[0], flg = p[1]
            guard cmf & 0x0F == 8, cmf >> 4 <= 7 else {
                throw fail(0, "zlib CMF with method 8 and window ≤ 32K, found \(hex(cmf, digits: 2))")
            }
            guard (Int(cmf) * 256 + Int(flg)) % 31 == 0 else {
                throw fail(1, "FCHECK making CMF·256+FLG divisible by 31, found \(hex(cmf, digits: 2))\(hex(flg, digits: 2).dropFirst(2))")
            }
            guard flg & 0x20 == 0 else { throw fail(1, "no preset dictionary (FDICT clear)") }
            let inflated: (output: [UInt8], end: Int)
            do {
                inflated = try Inflate.inflate(p, from: 2, sizeHint: 4 * p.count)
            } catch let failure as InflateFailure {
                throw failure.inputError(file: file)
            }
            let end = inflated.end
            guard end + 4 <= p.count else { throw fail(p.count, "the Adler-32 trailer (data is truncated)") }
            let stored = UInt32(p[end]) << 24 | UInt32(p[end + 1]) << 16 | UInt32(p[end + 2]) << 8 | UInt32(p[end + 3])
            let actual = Adler32.checksum(inflated.output)
            guard stored == actual else {
                throw fail(end, "Adler-32 \(hex(actual, digits: 8)) of the data, found \(hex(stored, digits: 8))")
            }
            guard end + 4 == p.count else { throw fail(end + 4, "end of zlib stream, found \(p.count - end - 4) extra bytes") }
            return inflated.output
        }
    }

    /// Compresses `bytes` into a zlib stream (CMF 0x78: deflate with a 32K window).
    public static func compress(_ bytes: [UInt8], maxChain: Int = 64) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]  // 0x7801 = 30721 = 31 · 991
        out += Deflate.compress(bytes, maxChain: maxChain)
        let a = Adler32.checksum(bytes)
        out += [UInt8(a >> 24), UInt8((a >> 16) & 0xFF), UInt8((a >> 8) & 0xFF), UInt8(a & 0xFF)]
        return out
    }
}
