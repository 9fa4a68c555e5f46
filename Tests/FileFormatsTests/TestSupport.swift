import FileFormats
import Foundation
import TestSupport
import XCTest

/// Shared test data of the FileFormats tests (locations from `RepositoryPaths`).
enum TestData {
    /// The MNIST directory, or an XCTSkip when it is absent.
    static func requireMNIST() throws -> String { try RepositoryPaths.requireMNIST() }

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
    static func temporaryDirectory() throws -> String { try TemporaryDirectoryTestCase.makeTemporaryDirectory() }
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
