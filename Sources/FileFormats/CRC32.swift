// CRC-32 (IEEE 802.3, as used by gzip, PNG and zip), slicing-by-8.

/// The IEEE CRC-32: reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF.
///
/// Implemented with the slicing-by-8 method (eight 256-entry tables, 8 bytes per step), so it
/// processes roughly one byte per cycle. Check value: `CRC32.checksum("123456789") == 0xCBF43926`.
///
/// Use `update` to checksum data that arrives in pieces:
/// ```
/// var crc = CRC32()
/// crc.update(part1); crc.update(part2)
/// let value = crc.value
/// ```
public struct CRC32: ByteDigest, Sendable {
    /// The register before the final XOR.
    private var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    /// The CRC of everything passed to `update` so far.
    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    /// Feeds `bytes` into the checksum. Complexity: O(n).
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var c = state
        let tables = CRC32.tables
        tables.withUnsafeBufferPointer { t in
            var i = 0
            let n = bytes.count
            while i + 8 <= n {
                let lo = c ^ (UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8
                              | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
                let hi = UInt32(bytes[i + 4]) | UInt32(bytes[i + 5]) << 8
                       | UInt32(bytes[i + 6]) << 16 | UInt32(bytes[i + 7]) << 24
                c = t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                  ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                  ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                  ^ t[1 * 256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
                i += 8
            }
            while i < n {
                c = t[Int((c ^ UInt32(bytes[i])) & 0xFF)] ^ (c >> 8)
                i += 1
            }
        }
        state = c
    }


    /// The CRC-32 of `bytes`.
    public static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        of(bytes).value
    }

    /// Slicing-by-8 tables: `t[k*256 + b]` is the CRC register after byte `b` followed by `k` zero bytes.
    private static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for b in 0..<256 {
            var c = UInt32(b)
            for _ in 0..<8 { c = (c & 1) != 0 ? (0xEDB8_8320 ^ (c >> 1)) : (c >> 1) }
            t[b] = c
        }
        for k in 1..<8 {
            for b in 0..<256 {
                let prev = t[(k - 1) * 256 + b]
                t[k * 256 + b] = t[Int(prev & 0xFF)] ^ (prev >> 8)
            }
        }
        return t
    }()
}
