// Adler-32 (RFC 1950 section 8), the zlib stream checksum.

/// Adler-32: `a = 1 + Σ bytes`, `b = Σ a` after each byte, both mod 65521; value `b << 16 | a`.
///
/// Sums are reduced only every 5552 bytes (the largest run for which `b` cannot overflow 32 bits,
/// as in zlib), so the loop is two additions per byte. Check value: `Adler32.checksum("Wikipedia")
/// == 0x11E60398`.
public struct Adler32: ByteDigest, Sendable {
    private var a: UInt32 = 1
    private var b: UInt32 = 0
    private static let modulus: UInt32 = 65521
    private static let blockLength = 5552

    public init() {}

    /// The checksum of everything passed to `update` so far.
    public var value: UInt32 { b << 16 | a }

    /// Feeds `bytes` into the checksum. Complexity: O(n).
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        let n = bytes.count
        while i < n {
            let end = min(n, i + Adler32.blockLength)
            while i < end {
                a &+= UInt32(bytes[i])
                b &+= a
                i += 1
            }
            a %= Adler32.modulus
            b %= Adler32.modulus
        }
    }


    /// The Adler-32 of `bytes`.
    public static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        of(bytes).value
    }
}
