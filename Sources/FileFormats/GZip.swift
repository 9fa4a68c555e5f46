// gzip file format (RFC 1952).

/// Reads and writes gzip files (RFC 1952).
///
/// A gzip file is one or more members, each: magic `1f 8b`, method 8 (deflate), flags, MTIME,
/// XFL, OS; optional FEXTRA (length-prefixed), FNAME and FCOMMENT (zero-terminated) and FHCRC
/// (low 16 bits of the header's CRC-32); a DEFLATE stream; CRC-32 and ISIZE (length mod 2^32) of
/// the uncompressed data, little-endian. Members are decompressed and concatenated, every CRC and
/// ISIZE is checked, and any mismatch or truncation throws an `InputError` naming the byte offset.
public enum GZip {
    /// True when `bytes` start with the gzip magic `1f 8b`.
    public static func hasMagic<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var it = bytes.makeIterator()
        return it.next() == 0x1F && it.next() == 0x8B
    }

    /// Decompresses all members of the gzip data `bytes`.
    /// - Parameter file: the name used in errors.
    public static func decompress(_ bytes: [UInt8], file: String = "<gzip>") throws -> [UInt8] {
        try bytes.withUnsafeBytes { raw in
            var result: [UInt8] = []
            var offset = 0
            repeat {
                let member = try decompressMember(raw, at: offset, file: file, isFirst: offset == 0)
                if result.isEmpty { result = member.output } else { result += member.output }
                offset = member.end
            } while offset < raw.count
            return result
        }
    }

    /// Compresses `bytes` into a single-member gzip file (no name, MTIME 0, OS 255 = unknown).
    public static func compress(_ bytes: [UInt8], maxChain: Int = 64) -> [UInt8] {
        var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255]
        out += Deflate.compress(bytes, maxChain: maxChain)
        out += littleEndian32(CRC32.checksum(bytes))
        out += littleEndian32(UInt32(truncatingIfNeeded: bytes.count))
        return out
    }

    static func littleEndian32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

    static func readLE32(_ p: UnsafeRawBufferPointer, _ i: Int) -> UInt32 {
        UInt32(p[i]) | UInt32(p[i + 1]) << 8 | UInt32(p[i + 2]) << 16 | UInt32(p[i + 3]) << 24
    }

    private static func decompressMember(_ p: UnsafeRawBufferPointer, at start: Int, file: String,
                                         isFirst: Bool) throws -> (output: [UInt8], end: Int) {
        func fail(_ at: Int, _ expected: String) -> InputError {
            InputError(file: file, place: "byte \(at)", expected: expected)
        }
        func need(_ n: Int, at i: Int, _ what: String) throws {
            if i + n > p.count { throw fail(p.count, "\(what) (file is truncated)") }
        }
        guard start + 2 <= p.count, p[start] == 0x1F, p[start + 1] == 0x8B else {
            let found = p.count - start >= 2 ? hex(UInt16(p[start]) << 8 | UInt16(p[start + 1]), digits: 4)
                                             : "only \(p.count - start) byte(s) (file is truncated)"
            throw fail(start, isFirst ? "gzip magic 0x1f8b, found \(found)"
                                      : "another gzip member (magic 0x1f8b) or end of file, found \(found)")
        }
        try need(10, at: start, "a 10-byte gzip header")
        guard p[start + 2] == 8 else { throw fail(start + 2, "compression method 8 (deflate), found \(p[start + 2])") }
        let flags = p[start + 3]
        guard flags & 0xE0 == 0 else { throw fail(start + 3, "reserved flag bits 5–7 clear, found \(hex(flags, digits: 2))") }
        var i = start + 10
        if flags & 0x04 != 0 {  // FEXTRA
            try need(2, at: i, "FEXTRA length")
            let xlen = Int(p[i]) | Int(p[i + 1]) << 8
            try need(2 + xlen, at: i, "\(xlen) bytes of FEXTRA data")
            i += 2 + xlen
        }
        for (flag, name) in [(UInt8(0x08), "FNAME"), (0x10, "FCOMMENT")] where flags & flag != 0 {
            while true {
                try need(1, at: i, "a zero-terminated \(name)")
                i += 1
                if p[i - 1] == 0 { break }
            }
        }
        if flags & 0x02 != 0 {  // FHCRC
            try need(2, at: i, "FHCRC")
            let stored = UInt16(p[i]) | UInt16(p[i + 1]) << 8
            let actual = UInt16(truncatingIfNeeded: CRC32.checksum(UnsafeRawBufferPointer(rebasing: p[start..<i])))
            guard stored == actual else {
                throw fail(i, "header CRC16 \(hex(actual, digits: 4)), found \(hex(stored, digits: 4))")
            }
            i += 2
        }
        // Size hint from the last member's ISIZE, bounded by the maximum DEFLATE ratio (1032:1).
        let hint = p.count >= 4 ? min(Int(readLE32(p, p.count - 4)), 1032 * (p.count - i) + 1024) : 0
        let inflated: (output: [UInt8], end: Int)
        do {
            inflated = try Inflate.inflate(p, from: i, sizeHint: hint)
        } catch {
            throw error.inputError(file: file)
        }
        let end = inflated.end
        try need(8, at: end, "CRC-32 and ISIZE trailer")
        let storedCRC = readLE32(p, end)
        let actualCRC = CRC32.checksum(inflated.output)
        guard storedCRC == actualCRC else {
            throw fail(end, "CRC-32 \(hex(actualCRC, digits: 8)) of the data, found \(hex(storedCRC, digits: 8))")
        }
        let storedSize = readLE32(p, end + 4)
        let actualSize = UInt32(truncatingIfNeeded: inflated.output.count)
        guard storedSize == actualSize else {
            throw fail(end + 4, "ISIZE \(actualSize) (data length mod 2^32), found \(storedSize)")
        }
        return (inflated.output, end + 8)
    }
}
