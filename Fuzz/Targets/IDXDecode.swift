// libFuzzer entry: IDX.decode (raw and gzip-wrapped IDX) must return or throw InputError, never trap.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDXDecode(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let array = try? IDX.decode(bytes, file: "fuzz") {
        _ = array.floatValues()  // the converter must accept whatever decode accepted
    }
    return 0
}
