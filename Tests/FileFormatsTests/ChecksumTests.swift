import FileFormats
import TestSupport
import XCTest

/// Published test vectors for CRC-32, Adler-32 and SHA-256, plus bit-serial references.
final class ChecksumTests: XCTestCase {
    func testCRC32MatchesCheckValueAndBitSerialDefinition() {
        // The standard CRC catalogue check value for "123456789".
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum([UInt8]()), 0)
        // Slicing-by-8 against the one-bit-at-a-time definition on lengths 0…40 (all tail cases).
        var rng = SplitMix64(seed: 1)
        for n in 0...40 {
            let data = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var c: UInt32 = 0xFFFF_FFFF
            for b in data {
                c ^= UInt32(b)
                for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
            }
            XCTAssertEqual(CRC32.checksum(data), ~c, "length \(n)")
        }
    }

    func testCRC32IncrementalEqualsOneShot() {
        var rng = SplitMix64(seed: 2)
        let data = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        var crc = CRC32()
        crc.update(data[0..<13]); crc.update(data[13..<500]); crc.update(data[500...])
        XCTAssertEqual(crc.value, CRC32.checksum(data))
    }

    func testAdler32MatchesKnownValuesAndDefinition() {
        XCTAssertEqual(Adler32.checksum(Array("Wikipedia".utf8)), 0x11E6_0398)
        XCTAssertEqual(Adler32.checksum([UInt8]()), 1)
        // 100 000 bytes of 0xFF crosses the 5552-byte reduction blocks; compare with the plain mod sums.
        let data = [UInt8](repeating: 0xFF, count: 100_000)
        var a = 1, b = 0
        for x in data { a = (a + Int(x)) % 65521; b = (b + a) % 65521 }
        XCTAssertEqual(Adler32.checksum(data), UInt32(b << 16 | a))
    }

    func testSHA256MatchesFIPS180Vectors() {
        XCTAssertEqual(SHA256.hash(Array("abc".utf8)).hexString,
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hash([UInt8]()).hexString,
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)).hexString,
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // One million 'a' (FIPS 180-2 appendix B.3), fed in uneven pieces to exercise buffering.
        var h = SHA256()
        let chunk = [UInt8](repeating: 0x61, count: 999)
        for _ in 0..<1001 { h.update(chunk) }
        h.update([UInt8](repeating: 0x61, count: 1_000_000 - 999 * 1001))
        XCTAssertEqual(h.finalize().hexString, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testSHA256PaddingBoundaries() {
        // Lengths 55, 56, 63, 64 bytes straddle the one-or-two padding block boundary; incremental
        // byte-by-byte hashing must agree with one-shot hashing.
        for n in [55, 56, 57, 63, 64, 65, 119, 120] {
            let data = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            var h = SHA256()
            for b in data { h.update([b]) }
            XCTAssertEqual(h.finalize(), SHA256.hash(data), "length \(n)")
        }
        XCTAssertEqual(SHA256.hash([UInt8](repeating: 0, count: 64)).hexString,
                       "f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b")
    }
}
