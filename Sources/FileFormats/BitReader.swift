// Little-endian bit reader for DEFLATE streams (RFC 1951 section 3.1.1).

/// A failure inside the inflater: a message and the byte offset in the compressed input.
/// Callers wrap it into an `InputError` that names the file.
struct InflateFailure: Error {
    var offset: Int
    var expected: String

    /// The public error for this failure in `file`, with the offset shifted by `base`.
    func inputError(file: String, base: Int = 0) -> InputError {
        InputError(file: file, place: "byte \(base + offset)", expected: expected)
    }
}

/// Reads a DEFLATE bit stream: bits are taken least-significant first from each byte.
///
/// Keeps up to 64 bits in `buffer`. Refills load 8 bytes at once while at least 8 remain
/// (the "bit count |= 56" scheme of libdeflate: bits above `bitCount` are either zero or the
/// correct next bits, so reloading them is harmless). Past the end of input it feeds zero bytes
/// and counts them in `overrun`; consuming any of those is reported as truncation.
struct BitReader {
    let base: UnsafePointer<UInt8>
    let count: Int
    /// Index of the next byte not yet loaded into `buffer`.
    var pos: Int
    var buffer: UInt64 = 0
    var bitCount: Int = 0
    /// Number of virtual zero bytes loaded past the end of the input.
    var overrun: Int = 0

    init(_ input: UnsafeRawBufferPointer, from offset: Int) {
        // An empty buffer may have a nil base address; point at a static dummy then (never read).
        base = input.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? BitReader.empty
        count = input.baseAddress == nil ? 0 : input.count
        pos = offset
    }

    nonisolated(unsafe) private static let empty: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 8)
        p.initialize(repeating: 0, count: 8)
        return UnsafePointer(p)
    }()

    /// Bits consumed from the start of the input.
    var consumedBits: Int { (pos + overrun) * 8 - bitCount }

    /// Byte offset of the bit being read (for error messages).
    var byteOffset: Int { consumedBits / 8 }

    /// Ensures at least 56 bits are buffered (virtual zeros past the end of input).
    @inline(__always)
    mutating func refill() throws(InflateFailure) {
        if pos + 8 <= count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self))
            buffer |= word << UInt64(bitCount)
            pos += (63 - bitCount) >> 3
            bitCount |= 56
        } else {
            try refillSlowly()
        }
    }

    private mutating func refillSlowly() throws(InflateFailure) {
        while bitCount <= 56 {
            if pos < count {
                buffer |= UInt64(base[pos]) << UInt64(bitCount)
                pos += 1
            } else {
                overrun += 1
                // More than 8 virtual bytes means real bits ran out at least a full buffer ago.
                if overrun > 16 { throw truncated() }
            }
            bitCount += 8
        }
    }

    /// The error for reading past the end of the input.
    func truncated() -> InflateFailure {
        InflateFailure(offset: count, expected: "more compressed data (stream is truncated)")
    }

    /// Throws if any virtual (past-the-end) bit has been consumed.
    func checkNotPastEnd() throws(InflateFailure) {
        if consumedBits > count * 8 { throw truncated() }
    }

    /// The next `n` bits (n ≤ 56 after a refill) without consuming them.
    @inline(__always)
    func peek(_ n: Int) -> UInt64 { buffer & ((1 << UInt64(n)) &- 1) }

    @inline(__always)
    mutating func consume(_ n: Int) {
        buffer >>= UInt64(n)
        bitCount -= n
    }

    /// Reads and consumes `n` bits (n ≤ 32), refilling as needed.
    @inline(__always)
    mutating func read(_ n: Int) throws(InflateFailure) -> Int {
        if bitCount < n { try refill() }
        let v = Int(peek(n))
        consume(n)
        return v
    }

    /// Drops the bits up to the next byte boundary and returns the index of that byte in the
    /// input, emptying the buffer so the caller may read bytes directly.
    mutating func alignToByte() throws(InflateFailure) -> Int {
        let next = (consumedBits + 7) / 8
        if next > count { throw truncated() }
        buffer = 0
        bitCount = 0
        overrun = 0
        pos = next
        return next
    }
}
