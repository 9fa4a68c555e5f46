import FileFormats
import Foundation
import TestSupport
import XCTest

/// DEFLATE, gzip and zlib decoding against streams made by the reference zlib, and on corruption.
final class InflateTests: XCTestCase {
    /// Produced by CPython's zlib 1.3 (`compressobj(9, DEFLATED, -15, 9, Z_FIXED)`): one fixed-Huffman block.
    let fixedStream: [UInt8] = [
        0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0xd7, 0x51, 0xf0, 0xc0, 0xa4, 0x14, 0x15, 0x42, 0x32, 0x52, 0x15, 0x0a, 0x4b,
        0x33, 0x93, 0xb3, 0x15, 0x92, 0x8a, 0xf2, 0xcb, 0xf3, 0x14, 0xd2, 0xf2, 0x2b, 0x14, 0xb2, 0x4a, 0x73, 0x0b,
        0x8a, 0x15, 0xf2, 0xcb, 0x52, 0x8b, 0x14, 0x4a, 0x80, 0xd2, 0x39, 0x89, 0x55, 0x95, 0x0a, 0x29, 0xf9, 0xe9,
        0x7a, 0x00]
    let fixedText = "Hello, Hello, Hello, Hello! The quick brown fox jumps over the lazy dog."

    /// Produced by zlib (level 9, raw): one dynamic-Huffman block (BTYPE = 2).
    let dynamicStream: [UInt8] = [
        0x35, 0x8e, 0x89, 0x11, 0x00, 0x21, 0x0c, 0x02, 0x6b, 0xe5, 0xe9, 0xbf, 0x86, 0x03, 0x72, 0xaa, 0x93, 0x87,
        0x84, 0x1d, 0x41, 0x02, 0x26, 0x92, 0x08, 0x0b, 0x89, 0x79, 0x54, 0xd3, 0x3a, 0x75, 0xb8, 0xba, 0x9a, 0xa0,
        0xaa, 0xb4, 0x23, 0x19, 0x5b, 0x74, 0xee, 0x9d, 0x6c, 0xcf, 0x24, 0x3c, 0x20, 0xba, 0x99, 0x96, 0x43, 0xd0,
        0xbc, 0x41, 0x51, 0x38, 0x62, 0xa6, 0xe7, 0x17, 0x46, 0x5e, 0x98, 0x8d, 0x3f, 0x94, 0x87, 0x2e, 0xbd, 0x55,
        0x3f, 0x59, 0x67, 0x20, 0x0f, 0x95, 0xe2, 0x03]
    let dynamicText = "abbaadbabbabadcaabaababcbaabcaabacdbababcaacbaacaccaabbddabcdaabcbadadaaaaaaabacbcaabcababbabadabdd"
        + "acabbbabcabdbbabbabcbaaaaacbaaacaadaaaacacaabbcaabbabddabaaaaaabbaaaabaabacaaaadcaaacbabcbbbabcbaabbb"

    func testFixedHuffmanBlockFromZlibDecodes() throws {
        XCTAssertEqual(try Inflate.decompress(fixedStream), Array(fixedText.utf8))
    }

    func testDynamicHuffmanBlockFromZlibDecodes() throws {
        XCTAssertEqual(dynamicStream[0] >> 1 & 3, 2, "vector must be a dynamic block")
        XCTAssertEqual(try Inflate.decompress(dynamicStream), Array(dynamicText.utf8))
    }

    func testStoredBlocksDecode() throws {
        // Two stored blocks written by hand per RFC 1951 3.2.4: "ab" (not final) then "c" (final).
        let stream: [UInt8] = [0x00, 0x02, 0x00, 0xFD, 0xFF, 0x61, 0x62, 0x01, 0x01, 0x00, 0xFE, 0xFF, 0x63]
        XCTAssertEqual(try Inflate.decompress(stream), Array("abc".utf8))
        XCTAssertEqual(try Inflate.decompress([0x01, 0x00, 0x00, 0xFF, 0xFF]), [])
    }

    func testEveryMNISTGzipInflatesToThePublishedSHA256() throws {
        let dir = try TestData.requireMNIST()
        let sums = try TestData.sha256Sums(in: dir)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".gz") }.sorted()
        XCTAssertEqual(names.count, 4)
        for name in names {
            let gz = try TestData.bytes(dir + "/" + name)
            XCTAssertEqual(SHA256.hash(gz).hexString, sums[name], "\(name) itself")
            let start = Date()
            let raw = try GZip.decompress(gz, file: name)
            let seconds = Date().timeIntervalSince(start)
            let rawName = String(name.dropLast(3))
            XCTAssertEqual(SHA256.hash(raw).hexString, sums[rawName], "inflated \(name)")
            print("inflate \(name): \(gz.count) -> \(raw.count) bytes in \(String(format: "%.3f", seconds)) s")
        }
    }

    // MARK: - Malformed DEFLATE

    func testReservedBlockType3IsRejected() {
        // BFINAL = 1, BTYPE = 11.
        assertInputError(try Inflate.decompress([0x07, 0x00], file: "x.deflate"),
                         contains: ["x.deflate", "byte 0", "block type", "found 3"])
    }

    func testStoredLengthMismatchIsRejected() {
        assertInputError(try Inflate.decompress([0x01, 0x02, 0x00, 0x00, 0x00, 0x61, 0x62]), contains: ["NLEN"])
    }

    func testTruncatedStreamsAreRejected() {
        for cut in [0, 1, 10, fixedStream.count - 1] {
            assertInputError(try Inflate.decompress(Array(fixedStream.prefix(cut))), contains: ["truncated"])
        }
        for cut in [1, 3, 20, dynamicStream.count - 1] {
            assertInputError(try Inflate.decompress(Array(dynamicStream.prefix(cut))), contains: ["truncated"])
        }
        // Stored block whose LEN promises more bytes than exist.
        assertInputError(try Inflate.decompress([0x01, 0x05, 0x00, 0xFA, 0xFF, 0x61]), contains: ["truncated"])
    }

    func testDistanceBeforeStartOfOutputIsRejected() {
        // Fixed block: length code 257 (3 bytes, 7-bit code 0000001), distance code 0 (distance 1)
        // with no output yet. Bits LSB-first: 1, 01, then 0000001 reversed = 1000000, then 00000.
        var bits: [Int] = [1, 1, 0]
        bits += [0, 0, 0, 0, 0, 0, 1]
        bits += [0, 0, 0, 0, 0]
        bits += [0, 0, 0, 0, 0, 0, 0]
        var bytes = [UInt8](repeating: 0, count: (bits.count + 7) / 8)
        for (i, b) in bits.enumerated() where b == 1 { bytes[i / 8] |= 1 << (i % 8) }
        assertInputError(try Inflate.decompress(bytes), contains: ["distance"])
    }

    func testRandomCorruptionNeverTraps() {
        // Flipping bytes of a valid stream must either decode or throw InputError, never crash.
        var rng = SplitMix64(seed: 7)
        for _ in 0..<300 {
            var s = dynamicStream
            let i = Int.random(in: 0..<s.count, using: &rng)
            s[i] ^= UInt8.random(in: 1...255, using: &rng)
            do { _ = try Inflate.decompress(s) } catch is InputError {} catch { XCTFail("\(error)") }
        }
    }
}
