import FileFormats
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Atomic writes: contents replaced whole, no temporary left behind, clear errors instead of traps.
final class AtomicFileTests: XCTestCase {
    func testWriteCreatesAndReplacesWithoutLeavingTemporaries() throws {
        let dir = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/out.bin"
        try AtomicFile.write([1, 2, 3], to: path)
        XCTAssertEqual(try TestData.bytes(path), [1, 2, 3])
        let big = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try AtomicFile.write(Data(big), to: path)
        XCTAssertEqual(try TestData.bytes(path), big)
        try AtomicFile.write(text: "héllo\n", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "héllo\n")
        try AtomicFile.write([], to: path)
        XCTAssertEqual(try TestData.bytes(path), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["out.bin"])
    }

    func testMissingDirectoryGivesErrorNamingPathAndReason() {
        let path = "/nonexistent-\(UUID().uuidString)/x.npy"
        XCTAssertThrowsError(try AtomicFile.write([1], to: path)) { error in
            guard let e = error as? FileWriteError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.path, path)
            XCTAssertEqual(e.code, ENOENT)
            XCTAssertTrue(e.description.contains("No such file or directory"), e.description)
        }
    }

    func testParentThatIsAFileGivesError() throws {
        let dir = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write([0], to: dir + "/plain")
        XCTAssertThrowsError(try AtomicFile.write([1], to: dir + "/plain/child")) { error in
            XCTAssertEqual((error as? FileWriteError)?.code, ENOTDIR, "\(error)")
        }
        // Replacing a directory with a file fails at rename and leaves no temporary behind.
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        try AtomicFile.write([0], to: dir + "/sub/keep")
        XCTAssertThrowsError(try AtomicFile.write([1], to: dir + "/sub")) { error in
            XCTAssertTrue("\(error)".contains("rename"), "\(error)")
        }
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: dir)), ["plain", "sub"])
    }

    #if os(Linux)
    func testWriteFailureMidFileIsReportedAndOldContentsSurvive() throws {
        // Simulates a full disk: RLIMIT_FSIZE makes write(2) fail with EFBIG past 4 KiB
        // (SIGXFSZ is ignored for the duration so the process is not killed).
        let dir = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/data.bin"
        try AtomicFile.write([7, 7, 7], to: path)
        var old = rlimit()
        getrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
        let oldHandler = signal(SIGXFSZ, SIG_IGN)
        var small = old
        small.rlim_cur = 4096
        guard setrlimit(Int32(RLIMIT_FSIZE.rawValue), &small) == 0 else { throw XCTSkip("cannot lower RLIMIT_FSIZE") }
        defer {
            setrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
            signal(SIGXFSZ, oldHandler)
        }
        XCTAssertThrowsError(try AtomicFile.write([UInt8](repeating: 1, count: 100_000), to: path)) { error in
            guard let e = error as? FileWriteError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.code, EFBIG)
            XCTAssertTrue(e.description.hasPrefix(path + ": cannot write 100000 bytes"), e.description)
        }
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
        XCTAssertEqual(try TestData.bytes(path), [7, 7, 7])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["data.bin"])
    }
    #endif
}
