// libFuzzer entry: NPY.decode (header scanner, shape checks, Fortran-order transpose) must never trap.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPYDecode(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let array = try? NPY.decode(bytes, file: "fuzz") {
        _ = try? array.floatValues()
    }
    return 0
}
