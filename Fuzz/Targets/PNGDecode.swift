// libFuzzer entry: PNG.decode must never trap. Chunk CRCs are recomputed so mutations reach the IHDR,
// zlib and filter code instead of stopping at the first checksum.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNGDecode(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? PNG.decode(bytes, file: "fuzz")
    _ = try? PNG.decode(withFixedChunkCRCs(bytes), file: "fuzz")
    return 0
}

/// `bytes` with every complete chunk's CRC-32 replaced by the correct one.
func withFixedChunkCRCs(_ input: [UInt8]) -> [UInt8] {
    var bytes = input
    var i = 8
    while i + 12 <= bytes.count {
        let length = Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
        guard length <= bytes.count - i - 12 else { break }
        let crc = CRC32.checksum(bytes[(i + 4)..<(i + 8 + length)])
        for k in 0..<4 { bytes[i + 8 + length + k] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * k)) }
        i += 12 + length
    }
    return bytes
}
