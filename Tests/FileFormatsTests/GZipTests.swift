import FileFormats
import Foundation
import TestSupport
import XCTest

/// gzip (RFC 1952) and zlib (RFC 1950) containers: header fields, checksums, members, corruption.
final class GZipTests: XCTestCase {
    let text = Array("gzip members carry a CRC-32 and the length mod 2^32 of their data.".utf8)

    /// A stored-block DEFLATE stream holding `data` (< 65536 bytes), independent of our compressor.
    func storedStream(_ data: [UInt8]) -> [UInt8] {
        let n = data.count
        return [0x01, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)] + data
    }

    func littleEndian(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

    /// A member with every optional header field and a valid FHCRC, built by hand per RFC 1952.
    func fullMember(_ data: [UInt8]) -> [UInt8] {
        var header: [UInt8] = [0x1F, 0x8B, 8, 0x01 | 0x02 | 0x04 | 0x08 | 0x10, 1, 2, 3, 4, 0, 3]
        header += [4, 0, 0x41, 0x42, 2, 0]              // FEXTRA: XLEN 4, subfield "AB" length 0... (opaque)
        header += Array("name.txt".utf8) + [0]          // FNAME
        header += Array("a comment".utf8) + [0]         // FCOMMENT
        let hcrc = CRC32.checksum(header)
        header += [UInt8(hcrc & 0xFF), UInt8((hcrc >> 8) & 0xFF)]
        return header + storedStream(data) + littleEndian(CRC32.checksum(data)) + littleEndian(UInt32(data.count))
    }

    func testAllHeaderFlagsAreParsed() throws {
        XCTAssertEqual(try GZip.decompress(fullMember(text)), text)
    }

    func testMultipleMembersConcatenate() throws {
        let second = Array("second member".utf8)
        XCTAssertEqual(try GZip.decompress(fullMember(text) + GZip.compress(second) + fullMember([])), text + second)
    }

    func testGzipRoundTripAndPythonInteroperability() throws {
        var rng = SplitMix64(seed: 11)
        let data = (0..<50_000).map { i in i % 3 == 0 ? UInt8.random(in: 0...3, using: &rng) : UInt8(i % 17) }
        let gz = GZip.compress(data)
        XCTAssertEqual(try GZip.decompress(gz), data)
        XCTAssertTrue(GZip.hasMagic(gz))
        // When python3 is present, its gzip module must read our file (reference decoder).
        guard let python = PythonRunner.find() else { throw XCTSkip("python3 not available") }
        let dir = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(gz).write(to: URL(fileURLWithPath: dir + "/a.gz"))
        let out = try python.run("import gzip,hashlib,sys; print(hashlib.sha256(gzip.open(sys.argv[1]).read()).hexdigest())",
                                 arguments: [dir + "/a.gz"])
        XCTAssertEqual(out.trimmingCharacters(in: .whitespacesAndNewlines), SHA256.hash(data).hexString)
    }

    // MARK: - Malformed gzip

    func testWrongMagicIsRejected() {
        assertInputError(try GZip.decompress([0x50, 0x4B, 3, 4, 0, 0, 0, 0, 0, 0], file: "a.zip"),
                         contains: ["a.zip: byte 0: expected gzip magic 0x1f8b, found 0x504b"])
    }

    func testFlippedCRCByteIsRejected() {
        var m = fullMember(text)
        m[m.count - 8] ^= 0x01
        assertInputError(try GZip.decompress(m, file: "f.gz"), contains: ["f.gz", "CRC-32"])
    }

    func testBadISIZEIsRejected() {
        var m = fullMember(text)
        m[m.count - 4] &+= 1
        assertInputError(try GZip.decompress(m), contains: ["byte \(m.count - 4)", "ISIZE \(text.count)"])
    }

    func testBadHeaderCRCIsRejected() {
        var m = fullMember(text)
        m[12] ^= 0xFF  // inside FEXTRA, covered by FHCRC
        assertInputError(try GZip.decompress(m), contains: ["header CRC16"])
    }

    func testTruncationAnywhereIsRejected() {
        let m = fullMember(text)
        for cut in [0, 1, 5, 9, 12, 20, 40, m.count - 9, m.count - 5, m.count - 1] {
            assertInputError(try GZip.decompress(Array(m.prefix(cut))), contains: ["truncated"])
        }
    }

    func testReservedFlagsMethodAndTrailingGarbageAreRejected() {
        var m = fullMember(text)
        m[3] |= 0x80
        assertInputError(try GZip.decompress(m), contains: ["byte 3", "reserved flag"])
        m = fullMember(text)
        m[2] = 7
        assertInputError(try GZip.decompress(m), contains: ["byte 2", "method 8"])
        m = fullMember(text) + [0x00, 0x00, 0x00]
        assertInputError(try GZip.decompress(m), contains: ["another gzip member"])
    }

    func testBlockType3InsideGzipIsRejected() {
        let m: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255, 0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        assertInputError(try GZip.decompress(m, file: "t.gz"), contains: ["t.gz: byte 10", "block type"])
    }

    // MARK: - zlib

    func testZlibRoundTripAndChecks() throws {
        let z = Zlib.compress(text)
        XCTAssertEqual((Int(z[0]) << 8 | Int(z[1])) % 31, 0)
        XCTAssertEqual(try Zlib.decompress(z), text)
        var bad = z
        bad[bad.count - 1] ^= 1
        assertInputError(try Zlib.decompress(bad), contains: ["Adler-32"])
        bad = z
        bad[1] ^= 1
        assertInputError(try Zlib.decompress(bad), contains: ["byte 1", "FCHECK"])
        assertInputError(try Zlib.decompress(Array(z.dropLast(2))), contains: ["truncated"])
        assertInputError(try Zlib.decompress(z + [0]), contains: ["extra bytes"])
    }

    func testZlibStreamFromReferenceZlibDecodes() throws {
        // zlib.compress(b"hello hello hello") from CPython (zlib 1.3, level 6).
        let z: [UInt8] = [0x78, 0x9c, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57, 0xc8, 0x40, 0x90, 0x00, 0x3a, 0x2e, 0x06, 0x7d]
        XCTAssertEqual(try Zlib.decompress(z), Array("hello hello hello".utf8))
    }
}
