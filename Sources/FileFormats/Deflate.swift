// DEFLATE compression (RFC 1951): hash-chain LZ77 with fixed-Huffman or stored blocks.

/// Compresses bytes into a raw DEFLATE stream (RFC 1951), readable by any inflater.
///
/// Algorithm: greedy LZ77 over a 32 KiB window. The three bytes at each position are hashed
/// into a 15-bit table of most recent positions, with a `prev` chain per window slot; up to
/// `maxChain` earlier candidates are compared and the longest match (3…258 bytes) wins. The input
/// is cut into chunks of at most 65535 bytes; each chunk becomes one fixed-Huffman block
/// (RFC 1951 3.2.6) or, when that would be larger, one stored block, so output never exceeds
/// input by more than 5 bytes per 64 KiB plus one.
/// Complexity: O(n · maxChain) time worst case, O(n) typical; O(n + 64K) memory.
public enum Deflate {
    /// Compresses `bytes`. `maxChain` trades speed for ratio (0 = stored blocks only).
    public static func compress(_ bytes: [UInt8], maxChain: Int = 64) -> [UInt8] {
        var writer = BitWriter()
        writer.bytes.reserveCapacity(bytes.count / 2 + 64)
        if bytes.isEmpty {
            writer.write(1, bits: 1)          // BFINAL
            writer.write(1, bits: 2)          // fixed Huffman
            writer.write(0, bits: 7)          // end-of-block (code 0000000)
            writer.flush()
            return writer.bytes
        }
        var matcher = HashChain(maxChain: maxChain)
        var tokens: [UInt32] = []
        var start = 0
        bytes.withUnsafeBufferPointer { data in
            while start < data.count {
                let end = min(data.count, start + 65535)
                tokens.removeAll(keepingCapacity: true)
                var cost = 7  // end-of-block
                var i = start
                while i < end {
                    let match = maxChain > 0 ? matcher.longestMatch(data, at: i, limit: end) : (length: 0, distance: 0)
                    if match.length >= 3 {
                        tokens.append(UInt32(match.length) << 16 | UInt32(match.distance) | 0x8000_0000)
                        cost += FixedCode.matchBits(length: match.length, distance: match.distance)
                        for k in 1..<match.length { matcher.insert(data, at: i + k) }
                        i += match.length
                    } else {
                        tokens.append(UInt32(data[i]))
                        cost += data[i] < 144 ? 8 : 9
                        i += 1
                    }
                }
                let final = end == data.count
                let storedCost = 3 + 7 + 32 + 8 * (end - start)
                if maxChain == 0 || storedCost <= cost + 3 {
                    writer.write(final ? 1 : 0, bits: 1)
                    writer.write(0, bits: 2)
                    writer.flush()
                    let len = end - start
                    writer.bytes += [UInt8(len & 0xFF), UInt8(len >> 8), UInt8(~len & 0xFF), UInt8((~len >> 8) & 0xFF)]
                    writer.bytes.append(contentsOf: data[start..<end])
                } else {
                    writer.write(final ? 1 : 0, bits: 1)
                    writer.write(1, bits: 2)
                    for t in tokens {
                        if t & 0x8000_0000 == 0 {
                            FixedCode.writeLiteral(Int(t), &writer)
                        } else {
                            FixedCode.writeMatch(length: Int((t >> 16) & 0x7FFF), distance: Int(t & 0xFFFF), &writer)
                        }
                    }
                    FixedCode.writeLiteral(256, &writer)
                }
                start = end
            }
        }
        writer.flush()
        return writer.bytes
    }
}

/// Greedy LZ77 match finder: a hash of 3 bytes → most recent position, chained through `prev`.
struct HashChain {
    static let windowSize = 32768
    static let hashBits = 15
    var head = [Int32](repeating: -1, count: 1 << hashBits)
    var prev = [Int32](repeating: -1, count: windowSize)
    let maxChain: Int

    init(maxChain: Int) { self.maxChain = maxChain }

    @inline(__always)
    static func hash(_ d: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let v = UInt32(d[i]) | UInt32(d[i + 1]) << 8 | UInt32(d[i + 2]) << 16
        return Int((v &* 2_654_435_761) >> UInt32(32 - hashBits))
    }

    /// Records position `i` (if 3 bytes remain) in the chains.
    mutating func insert(_ d: UnsafeBufferPointer<UInt8>, at i: Int) {
        guard i + 3 <= d.count else { return }
        let h = HashChain.hash(d, i)
        prev[i & (HashChain.windowSize - 1)] = head[h]
        head[h] = Int32(i)
    }

    /// The longest earlier match for position `i` not extending past `limit`; inserts `i`.
    mutating func longestMatch(_ d: UnsafeBufferPointer<UInt8>, at i: Int, limit: Int) -> (length: Int, distance: Int) {
        guard i + 3 <= limit else { return (0, 0) }
        let h = HashChain.hash(d, i)
        var candidate = Int(head[h])
        let maxLength = min(258, limit - i)
        var best = (length: 0, distance: 0)
        var steps = 0
        while candidate >= 0, i - candidate <= HashChain.windowSize - 1, steps < maxChain {
            if d[candidate + best.length] == d[i + best.length] {
                var n = 0
                while n < maxLength, d[candidate + n] == d[i + n] { n += 1 }
                if n > best.length {
                    best = (n, i - candidate)
                    if n == maxLength { break }
                }
            }
            let next = Int(prev[candidate & (HashChain.windowSize - 1)])
            if next >= candidate { break }  // slot overwritten by a newer position
            candidate = next
            steps += 1
        }
        prev[i & (HashChain.windowSize - 1)] = head[h]
        head[h] = Int32(i)
        return best.length >= 3 ? best : (0, 0)
    }
}

/// Writes bits least-significant first, as DEFLATE requires.
struct BitWriter {
    var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var count = 0

    /// Appends the low `bits` bits of `value` (bits ≤ 32).
    mutating func write(_ value: Int, bits: Int) {
        buffer |= UInt64(value & ((1 << bits) - 1)) << UInt64(count)
        count += bits
        while count >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            count -= 8
        }
    }

    /// Pads with zero bits to a byte boundary.
    mutating func flush() {
        if count > 0 { bytes.append(UInt8(truncatingIfNeeded: buffer)) }
        buffer = 0
        count = 0
    }
}

/// The fixed Huffman code of RFC 1951 3.2.6 and the length/distance code tables of 3.2.5.
enum FixedCode {
    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
                             131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
                               1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12,
                                12, 13, 13]

    /// The code index whose base is the largest not exceeding `value` (binary search).
    static func codeIndex(_ value: Int, bases: [Int]) -> Int {
        var lo = 0, hi = bases.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if bases[mid] <= value { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    static func reversed(_ code: Int, _ length: Int) -> Int {
        var r = 0
        for b in 0..<length where code & (1 << b) != 0 { r |= 1 << (length - 1 - b) }
        return r
    }

    static func writeLiteral(_ symbol: Int, _ w: inout BitWriter) {
        switch symbol {
        case 0..<144: w.write(reversed(0x30 + symbol, 8), bits: 8)
        case 144..<256: w.write(reversed(0x190 + symbol - 144, 9), bits: 9)
        case 256..<280: w.write(reversed(symbol - 256, 7), bits: 7)
        default: w.write(reversed(0xC0 + symbol - 280, 8), bits: 8)
        }
    }

    static func writeMatch(length: Int, distance: Int, _ w: inout BitWriter) {
        let li = codeIndex(length, bases: lengthBase)
        writeLiteral(257 + li, &w)
        w.write(length - lengthBase[li], bits: lengthExtra[li])
        let di = codeIndex(distance, bases: distanceBase)
        w.write(reversed(di, 5), bits: 5)
        w.write(distance - distanceBase[di], bits: distanceExtra[di])
    }

    /// Bits taken by a match in the fixed code.
    static func matchBits(length: Int, distance: Int) -> Int {
        let li = codeIndex(length, bases: lengthBase)
        return (li < 23 ? 7 : 8) + lengthExtra[li] + 5 + distanceExtra[codeIndex(distance, bases: distanceBase)]
    }
}
