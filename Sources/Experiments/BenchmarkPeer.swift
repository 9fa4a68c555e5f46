import Foundation

/// The NumPy peer of `nlm bench`: finds `Benchmarks/peers/nlm_numpy_peer.py`, runs it with `python3`
/// (through `Process`, with `OPENBLAS_NUM_THREADS` / `OMP_NUM_THREADS` set to our thread count) and reads
/// the JSON it prints.
public struct BenchmarkPeer: Sendable {
    public var python: String
    public var script: String

    /// Why the peer cannot run (no script, no `python3`, no NumPy, or it failed), with the details.
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    public init(python: String, script: String) {
        self.python = python
        self.script = script
    }

    /// The peer script in the working directory's `Benchmarks/peers/`, else next to this source file's
    /// repository (a build from a clone), with `python3` from `PATH`.
    public static func locate(python: String? = nil, script: String? = nil, sourceFile: String = #filePath) throws -> BenchmarkPeer {
        let relative = "Benchmarks/peers/nlm_numpy_peer.py"
        let repository = ((sourceFile as NSString).deletingLastPathComponent as NSString)
            .deletingLastPathComponent as NSString
        // An explicit script is the only candidate; otherwise the working directory, then the source tree.
        let candidates = script.map { [$0] } ?? [FileManager.default.currentDirectoryPath + "/" + relative,
                                                 (repository.deletingLastPathComponent as NSString).appendingPathComponent(relative)]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw Unavailable(description: "peer script \(script ?? relative) not found (run from the repository root or pass --peer PATH)")
        }
        let interpreter = python ?? "python3"
        let peer = BenchmarkPeer(python: interpreter, script: found)
        let probe = try peer.execute(["-c", "import numpy"], threads: 1, withScript: false)
        guard probe.status == 0 else {
            throw Unavailable(description: "\(interpreter) with NumPy is not available: \(probe.error.prefix(200))")
        }
        return peer
    }

    /// Runs the peer's timings at `threads` threads and returns its rows by key, plus its metadata.
    public func timings(threads: Int, repetitions: Int, quick: Bool) throws -> (rows: [String: BenchmarkSample], info: [String: String]) {
        var arguments = ["--threads", "\(threads)", "--repeat", "\(repetitions)"]
        if quick { arguments.append("--quick") }
        let result = try execute(arguments, threads: threads)
        guard result.status == 0, let object = Self.lastJSONObject(result.output),
              let rows = object["rows"] as? [String: [String: Any]] else {
            throw Unavailable(description: "peer failed (status \(result.status)): \(result.error.suffix(400))")
        }
        var samples: [String: BenchmarkSample] = [:]
        for (key, row) in rows {
            guard let median = row["median"] as? Double, let lo = row["min"] as? Double,
                  let hi = row["max"] as? Double, let reps = row["reps"] as? Int else { continue }
            samples[key] = BenchmarkSample(median: median, min: lo, max: hi, repetitions: reps)
        }
        var info: [String: String] = [:]
        for key in ["numpy", "blas"] { if let v = object[key] { info[key] = "\(v)" } }
        return (samples, info)
    }

    /// Runs the peer's `--check DIR` and returns its verdict line (JSON) and whether it passed.
    public func check(directory: String) throws -> (passed: Bool, verdict: String) {
        let result = try execute(["--check", directory], threads: 1)
        let line = result.output.split(separator: "\n").last.map(String.init) ?? result.error
        return (result.status == 0, line)
    }

    // MARK: - Process

    func execute(_ arguments: [String], threads: Int, withScript: Bool = true) throws
        -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + (withScript ? [script] : []) + arguments
        var environment = ProcessInfo.processInfo.environment
        for name in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] { environment[name] = "\(threads)" }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            throw Unavailable(description: "cannot start \(python): \(error.localizedDescription)")
        }
        // Read both pipes to the end before waiting, so a chatty child cannot block on a full pipe.
        let errorData = LockedData()
        let reader = Thread { errorData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { usleep(1000) }
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self),
                String(decoding: errorData.value, as: UTF8.self))
    }

    static func lastJSONObject(_ text: String) -> [String: Any]? {
        for line in text.split(separator: "\n").reversed() where line.hasPrefix("{") {
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] { return object }
        }
        return nil
    }
}

/// Bytes handed from the stderr reader thread to the caller.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var done = false
    func set(_ d: Data) { lock.lock(); data = d; done = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return done }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}
