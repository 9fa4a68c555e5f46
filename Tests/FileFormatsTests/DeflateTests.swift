import FileFormats
import Foundation
import TestSupport
import XCTest

/// Our DEFLATE compressor: round trips through our inflater and the reference zlib, size bounds.
final class DeflateTests: XCTestCase {
    /// Inputs that exercise literals, every match length 3…258, distances up to 32 KiB and
    /// block boundaries at 65535 bytes.
    func corpus() -> [(String, [UInt8])] {
        var rng = SplitMix64(seed: 3)
        let random = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let text = Array(String(repeating: "the quick brown fox jumps over the lazy dog; ", count: 2000).utf8)
        var lengths: [UInt8] = []
        for n in 3...258 {  // a fresh random prefix then a repeat of exactly n bytes at growing distances
            let chunk = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            lengths += chunk + [0xAA] + chunk + [0x55]
        }
        let far = random.prefix(40_000) + random.prefix(40_000)  // repeats at distance 40000 > window
        let window = random.prefix(32_768) + random.prefix(1_000)  // repeat at exactly distance 32768
        let runs = [UInt8](repeating: 7, count: 70_000) + [1, 2, 3]
        let smallAlphabet = (0..<150_000).map { _ in UInt8.random(in: 60...63, using: &rng) }
        return [("empty", []), ("one byte", [42]), ("random", random), ("text", text), ("lengths", lengths),
                ("far", Array(far)), ("window", Array(window)), ("runs", runs), ("small alphabet", smallAlphabet)]
    }

    func testRoundTripThroughOurInflate() throws {
        for (name, data) in corpus() {
            for chain in [0, 8, 64] {
                let compressed = Deflate.compress(data, maxChain: chain)
                XCTAssertEqual(try Inflate.decompress(compressed), data, "\(name), maxChain \(chain)")
                // Worst case: stored blocks cost 5 bytes per 65535 plus the final byte.
                XCTAssertLessThanOrEqual(compressed.count, data.count + 5 * (data.count / 65535 + 1) + 1, name)
            }
        }
    }

    func testRepetitiveDataCompresses() {
        let text = Array(String(repeating: "the quick brown fox jumps over the lazy dog; ", count: 2000).utf8)
        // 90 000 bytes of a 45-byte period: after the first period every byte is a 258-byte match
        // costing < 3 bytes, so the output must be far below 1 % of the input.
        XCTAssertLessThan(Deflate.compress(text).count, text.count / 100)
        // Four symbols need 2 bits each: fixed-Huffman literals cost 8 bits, so LZ77 must find
        // enough repeats to stay below the stored size.
        var rng = SplitMix64(seed: 9)
        let small = (0..<100_000).map { _ in UInt8.random(in: 60...63, using: &rng) }
        XCTAssertLessThan(Deflate.compress(small).count, small.count)
    }

    func testReferenceZlibDecompressesOurStreams() throws {
        guard let python = PythonRunner.find() else { throw XCTSkip("python3 not available") }
        let dir = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var expected: [String] = []
        for (i, (_, data)) in corpus().enumerated() {
            try Data(Zlib.compress(data)).write(to: URL(fileURLWithPath: dir + "/\(i).z"))
            expected.append(SHA256.hash(data).hexString)
        }
        let out = try python.run("""
            import zlib, hashlib, sys
            for i in range(int(sys.argv[2])):
                print(hashlib.sha256(zlib.decompress(open(f'{sys.argv[1]}/{i}.z', 'rb').read())).hexdigest())
            """, arguments: [dir, String(expected.count)])
        XCTAssertEqual(out.split(separator: "\n").map(String.init), expected)
    }
}
