import FileFormats
import Foundation

/// Placeholder until the event-driven STDP measurement lands (see the issue): reads the file and fails clearly.
enum STDPRun {
    struct Settings {}
    static func read(_ file: String) throws -> Settings {
        throw InputError(file: file, place: "experiment", expected: "\"mnist\" (the \"stdp\" experiment is not built yet)")
    }
    static func run(file: String, outputDirectory: String?, seed: UInt64?, quiet: Bool) throws -> String {
        _ = try read(file)
        return ""
    }
}
