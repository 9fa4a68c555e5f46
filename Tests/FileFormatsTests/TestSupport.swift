import FileFormats
import Foundation
import XCTest

/// Locations of shared test data, found relative to this source file (symlinks resolved).
enum TestData {
    /// `<repo>/../shared/data/mnist`, or nil when the data set is not present.
    static var mnistDirectory: String? {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        let repo = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = repo.deletingLastPathComponent().appendingPathComponent("shared/data/mnist").path
        return FileManager.default.fileExists(atPath: dir + "/SHA256SUMS") ? dir : nil
    }

    /// The MNIST directory, or an XCTSkip when it is absent.
    static func requireMNIST() throws -> String {
        guard let dir = mnistDirectory else { throw XCTSkip("shared/data/mnist not found beside the repository") }
        return dir
    }

    /// The SHA256SUMS file as `[file name: hex digest]`.
    static func sha256Sums(in dir: String) throws -> [String: String] {
        let text = try String(contentsOfFile: dir + "/SHA256SUMS", encoding: .utf8)
        var sums: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count == 2 { sums[String(parts[1])] = String(parts[0]) }
        }
        return sums
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// A fresh empty temporary directory.
    static func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "/fileformats-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a seeded generator so random tests are repeatable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Asserts that `body` throws an `InputError` whose description contains every fragment.
func assertInputError<T>(_ body: @autoclosure () throws -> T, contains fragments: [String],
                         file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an InputError containing \(fragments)", file: file, line: line)
    } catch let error as InputError {
        let text = error.description
        for f in fragments {
            XCTAssertTrue(text.contains(f), "\"\(text)\" does not contain \"\(f)\"", file: file, line: line)
        }
    } catch {
        XCTFail("expected an InputError, got \(error)", file: file, line: line)
    }
}

/// Runs snippets with a python3 interpreter found on PATH (used only for optional cross-checks).
struct PythonRunner {
    let executable: String

    /// The first `python3` on PATH, or nil.
    static func find() -> PythonRunner? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = String(dir) + "/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return PythonRunner(executable: candidate) }
        }
        return nil
    }

    /// True when `import module` succeeds.
    func hasModule(_ module: String) -> Bool {
        (try? run("import \(module)")) != nil
    }

    /// Runs `python3 -c code arguments…` and returns standard output; throws on a non-zero exit.
    func run(_ code: String, arguments: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-c", code] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "python3", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: String(decoding: errData, as: UTF8.self)])
        }
        return String(decoding: data, as: UTF8.self)
    }
}
