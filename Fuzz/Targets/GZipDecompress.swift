// libFuzzer entry: GZip.decompress and Zlib.decompress (and so Inflate) must never trap.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGZipDecompress(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? GZip.decompress(bytes, file: "fuzz")
    _ = try? Zlib.decompress(bytes, file: "fuzz")
    // Raw DEFLATE too, so the fuzzer need not first find a valid gzip header.
    var member: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255]
    member += bytes
    _ = try? GZip.decompress(member, file: "fuzz")
    return 0
}
