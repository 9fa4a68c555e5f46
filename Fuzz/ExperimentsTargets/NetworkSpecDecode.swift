// libFuzzer entry: the network-file decoder (FieldReader + NetworkSpec) and the checkpoint decoder must
// return or throw InputError, never trap. Checkpoints are tried as given and with their CRC-32 trailer
// appended, so mutations of the JSON header and array table get past the checksum.
import Experiments
import FileFormats
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNetworkSpecDecode(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? NetworkSpec.decode(Data(bytes), file: "fuzz")
    _ = try? Checkpoint.decode(bytes, file: "fuzz")
    _ = try? Checkpoint.decode(bytes + withUnsafeBytes(of: CRC32.checksum(bytes).littleEndian, Array.init), file: "fuzz")
    return 0
}
