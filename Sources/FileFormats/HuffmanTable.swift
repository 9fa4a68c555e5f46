// Canonical Huffman decoding tables for DEFLATE (RFC 1951 section 3.2.2).

/// Builds two-level lookup tables for a canonical Huffman code and decodes symbols with them.
///
/// A table lives in caller-owned memory of `UInt32` entries. The primary level has `2^primaryBits`
/// entries indexed by the next `primaryBits` stream bits (codes are stored bit-reversed because
/// DEFLATE packs Huffman codes most-significant bit first into an LSB-first stream). Entry layout:
/// - direct: `symbol << 16 | length` (length 1…15 bits to consume);
/// - link:   `start << 16 | 0x100 | subBits`, pointing at a subtable of `2^subBits` entries for
///   codes longer than `primaryBits`, whose entries hold `symbol << 16 | (length - primaryBits)`;
/// - zero:   no code (an incomplete code set); decoding it is an error.
/// Decoding is one or two table loads per symbol. Building is O(2^primaryBits + symbols · 2^subBits).
enum HuffmanTable {
    /// Entries needed for `symbols` symbols of at most 15 bits with the given primary width.
    static func capacity(symbols: Int, primaryBits: Int) -> Int {
        (1 << primaryBits) + symbols * (1 << max(0, 15 - primaryBits))
    }

    /// Fills `table` for code lengths `lengths` (0 = unused symbol). Returns an error message for an
    /// over-subscribed code, nil on success. Incomplete codes are accepted; their gaps stay zero.
    static func build(lengths: UnsafeBufferPointer<UInt8>, primaryBits pb: Int,
                      into table: UnsafeMutablePointer<UInt32>) -> String? {
        var count = [Int](repeating: 0, count: 16)
        var maxLength = 0
        for l in lengths where l > 0 {
            count[Int(l)] += 1
            maxLength = max(maxLength, Int(l))
        }
        var left = 1
        for len in 1...15 {
            left = left << 1 - count[len]
            if left < 0 { return "a Huffman code that is not over-subscribed (too many codes of length \(len))" }
        }
        var nextCode = [Int](repeating: 0, count: 16)
        var code = 0
        for len in 1...15 {
            code = (code + count[len - 1]) << 1
            nextCode[len] = code
        }
        let size = 1 << pb
        table.update(repeating: 0, count: size)
        let subBits = max(1, maxLength - pb)
        let subSize = 1 << subBits
        var nextSubtable = size
        for symbol in 0..<lengths.count {
            let len = Int(lengths[symbol])
            if len == 0 { continue }
            let c = nextCode[len]
            nextCode[len] += 1
            var reversed = 0
            for b in 0..<len where c & (1 << b) != 0 { reversed |= 1 << (len - 1 - b) }
            if len <= pb {
                let entry = UInt32(symbol) << 16 | UInt32(len)
                var i = reversed
                while i < size { table[i] = entry; i += 1 << len }
            } else {
                let prefix = reversed & (size - 1)
                var link = table[prefix]
                if link & 0x100 == 0 {
                    link = UInt32(nextSubtable) << 16 | 0x100 | UInt32(subBits)
                    table[prefix] = link
                    (table + nextSubtable).update(repeating: 0, count: subSize)
                    nextSubtable += subSize
                }
                let start = Int(link >> 16)
                let subLength = len - pb
                let entry = UInt32(symbol) << 16 | UInt32(subLength)
                var i = reversed >> pb
                while i < subSize { table[start + i] = entry; i += 1 << subLength }
            }
        }
        return nil
    }

    /// Decodes one symbol. The reader must hold at least 15 buffered bits.
    @inline(__always)
    static func decode(_ table: UnsafePointer<UInt32>, primaryBits pb: Int,
                       _ reader: inout BitReader) throws(InflateFailure) -> Int {
        var entry = table[Int(reader.peek(pb))]
        if entry & 0x100 != 0 {
            reader.consume(pb)
            entry = table[Int(entry >> 16) + Int(reader.peek(Int(entry & 0xFF)))]
        }
        let length = Int(entry & 0xFF)
        if length == 0 {
            throw InflateFailure(offset: reader.byteOffset, expected: "a valid Huffman code (bit pattern has no symbol)")
        }
        reader.consume(length)
        return Int(entry >> 16)
    }
}
