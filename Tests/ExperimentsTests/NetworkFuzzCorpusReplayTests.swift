import TestSupport
import XCTest
import Experiments
import FileFormats
import Foundation

/// Replays the `NetworkSpecDecode` fuzzing inputs (`Fuzz/Seeds`, `Fuzz/Corpus` and `Fuzz/Regressions`) through
/// `NetworkSpec.decode` and `Checkpoint.decode` (as given and with a correct CRC-32 appended, as the fuzz target
/// does) in the ordinary build: each must give a value or an `InputError`, never a trap or another error. The
/// seeds are well-formed, so the network files and the checkpoint must also decode.
final class NetworkFuzzCorpusReplayTests: XCTestCase {
    static let fuzzDirectory = RepositoryPaths.root.appendingPathComponent("Fuzz").path

    func inputs(_ kind: String) -> [(String, [UInt8])] {
        let dir = (Self.fuzzDirectory as NSString).appendingPathComponent("\(kind)/NetworkSpecDecode")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
        return names.compactMap { name in
            FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent(name)).map { ("\(kind)/\(name)", [UInt8]($0)) }
        }
    }

    /// Whether `body` returned; an `InputError` is an allowed outcome, any other error fails the test.
    @discardableResult
    func decodes(_ name: String, _ body: () throws -> Void) -> Bool {
        do {
            try body()
            return true
        } catch is InputError {
            return false
        } catch {
            XCTFail("\(name): expected a value or an InputError, got \(error)")
            return false
        }
    }

    func withCRC(_ bytes: [UInt8]) -> [UInt8] { bytes + withUnsafeBytes(of: CRC32.checksum(bytes).littleEndian, Array.init) }

    func testSeedsDecode() {
        let seeds = inputs("Seeds")
        XCTAssertEqual(seeds.count, 3, "seeds in \(Self.fuzzDirectory)")
        for (name, bytes) in seeds {
            if name.hasSuffix(".json") {
                XCTAssertTrue(decodes(name) { _ = try NetworkSpec.decode(Data(bytes), file: name) }, "\(name) does not decode")
            } else {
                XCTAssertTrue(decodes(name) { _ = try Checkpoint.decode(self.withCRC(bytes), file: name) }, "\(name) does not decode")
            }
        }
    }

    func testCorpusAndRegressionsNeverTrap() {
        let all = inputs("Seeds") + inputs("Corpus") + inputs("Regressions")
        XCTAssertGreaterThan(all.count, 3)
        for (name, bytes) in all {
            decodes(name) { _ = try NetworkSpec.decode(Data(bytes), file: name) }
            decodes(name) { _ = try Checkpoint.decode(bytes, file: name) }
            decodes(name) { _ = try Checkpoint.decode(self.withCRC(bytes), file: name) }
        }
    }
}
