import TestSupport
import XCTest
import FileFormats
import Foundation

/// Replays the fuzzing seeds (`Fuzz/Seeds/<target>/`), a sample of the fuzzers' corpora
/// (`Fuzz/Corpus/<target>/`) and any input that ever crashed a fuzzer (`Fuzz/Regressions/<target>/`) through
/// the decoders, outside the fuzz build: each input must decode or throw an `InputError` — never trap (a trap
/// would kill the test process) and never throw anything else. The seeds are well-formed files, so their own
/// decoder must also accept them.
final class FuzzCorpusReplayTests: XCTestCase {
    /// `Fuzz/` of this checkout, found from this source file's path.
    static let fuzzDirectory = RepositoryPaths.root.appendingPathComponent("Fuzz").path

    /// The files of `Fuzz/<kind>/<target>/` (empty when the directory is absent).
    func inputs(_ kind: String, _ target: String) -> [(String, [UInt8])] {
        let dir = (Self.fuzzDirectory as NSString).appendingPathComponent("\(kind)/\(target)")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
        return names.compactMap { name in
            FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent(name)).map { (name, [UInt8]($0)) }
        }
    }

    /// Runs `decode` on `bytes`: a value or an `InputError` pass; any other error fails. Returns whether it decoded.
    @discardableResult
    func replay(_ name: String, _ decode: () throws -> Void, line: UInt = #line) -> Bool {
        do {
            try decode()
            return true
        } catch is InputError {
            return false
        } catch {
            XCTFail("\(name): expected a value or an InputError, got \(error)", line: line)
            return false
        }
    }

    /// Every decoder on every input (the fuzz targets' calls, plus the other decoders for cross-format inputs).
    func replayEverywhere(_ name: String, _ bytes: [UInt8]) {
        replay(name) { _ = try IDX.decode(bytes, file: name).floatValues() }
        replay(name) { _ = try NPY.decode(bytes, file: name).floatValues(file: name) }
        replay(name) { _ = try GZip.decompress(bytes, file: name) }
        replay(name) { _ = try Zlib.decompress(bytes, file: name) }
        replay(name) { _ = try GZip.decompress([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255] + bytes, file: name) }
        replay(name) { _ = try PNG.decode(bytes, file: name) }
    }

    func testSeedsDecodeWithTheirOwnDecoder() {
        let decoders: [(String, ([UInt8], String) throws -> Void)] = [
            ("IDXDecode", { _ = try IDX.decode($0, file: $1) }),
            ("NPYDecode", { _ = try NPY.decode($0, file: $1) }),
            ("GZipDecompress", { b, f in _ = try GZip.hasMagic(b) ? GZip.decompress(b, file: f) : Zlib.decompress(b, file: f) }),
            ("PNGDecode", { _ = try PNG.decode($0, file: $1) }),
        ]
        for (target, decode) in decoders {
            let seeds = inputs("Seeds", target)
            XCTAssertFalse(seeds.isEmpty, "no seeds for \(target) in \(Self.fuzzDirectory)")
            for (name, bytes) in seeds {
                XCTAssertTrue(replay(name) { try decode(bytes, name) }, "seed \(target)/\(name) does not decode")
            }
        }
    }

    func testSeedsAndRegressionsNeverTrapAnyDecoder() {
        var count = 0
        for kind in ["Seeds", "Corpus", "Regressions"] {
            for target in ["IDXDecode", "NPYDecode", "GZipDecompress", "PNGDecode"] {
                for (name, bytes) in inputs(kind, target) {
                    replayEverywhere("\(kind)/\(target)/\(name)", bytes)
                    count += 1
                }
            }
        }
        XCTAssertGreaterThan(count, 0, "no corpus found under \(Self.fuzzDirectory)")
    }

    /// Truncations and single-bit flips of every seed: the mutations a fuzzer starts from, replayed
    /// deterministically in the ordinary (non-fuzz) build.
    func testTruncatedAndBitFlippedSeedsNeverTrap() {
        for target in ["IDXDecode", "NPYDecode", "GZipDecompress", "PNGDecode"] {
            for (name, bytes) in inputs("Seeds", target) {
                for cut in 0..<bytes.count { replayEverywhere("\(name)[..<\(cut)]", Array(bytes[..<cut])) }
                for bit in 0..<(8 * bytes.count) {
                    var flipped = bytes
                    flipped[bit / 8] ^= 1 << UInt8(bit % 8)
                    replayEverywhere("\(name) bit \(bit)", flipped)
                }
            }
        }
    }
}
