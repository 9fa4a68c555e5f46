import TestSupport
import XCTest
import Experiments
import FileFormats
import Foundation

/// Crash safety of a real training run: the built `nlm` executable is killed with SIGKILL at seeded random
/// moments; after every kill each file in the output directory must be absent or complete and valid (the
/// checkpoint passes its CRC, `.npy` files decode, `model.json` loads with its arrays), and a run resumed
/// after the kills must end with couplings and bias byte-identical to an uninterrupted run.
///
/// SIGKILL cannot be caught, so what survives is exactly what `AtomicFile` (temporary file, fsync, rename)
/// put in place; the only leftovers allowed are its hidden `.<name>.tmp-<pid>-<random>` temporaries.
/// Needs `nlm` next to the test bundle (`swift build --build-tests` builds both) or `NLM_EXECUTABLE`.
final class KillTests: TemporaryDirectoryTestCase {
    /// The `nlm` executable built beside this test bundle, if any.
    static func executable() -> String? {
        if let explicit = ProcessInfo.processInfo.environment["NLM_EXECUTABLE"] { return explicit }
        var places = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                      Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                      Bundle(for: KillTests.self).bundleURL.deletingLastPathComponent()]
        if let main = Bundle.main.executableURL { places.append(main.deletingLastPathComponent()) }
        return places.map { $0.appendingPathComponent("nlm").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func launch(_ nlm: String, network: String, out: String, resume: Bool) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: nlm)
        process.arguments = ["train", network, "--out", out, "--quiet", "--threads", "1"] + (resume ? ["--resume"] : [])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Every file in `out` is absent or complete: decodes with the reader the program itself uses.
    func assertOnlyCompleteFiles(in out: String, after what: String) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        for name in names {
            if name.hasPrefix("."), name.contains(".tmp-") { continue }  // an AtomicFile temporary, never at a final name
            let path = (out as NSString).appendingPathComponent(name)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            do {
                switch name {
                case Checkpoint.fileName: _ = try Checkpoint.decode(bytes, file: path)
                case ModelFile.sidecarName: _ = try ModelFile.load(out)
                case _ where name.hasSuffix(".npy"): _ = try NPY.decode(bytes, file: path)
                case _ where name.hasSuffix(".svg"):
                    XCTAssertTrue(String(decoding: bytes, as: UTF8.self).contains("</svg>"), "\(name) is torn \(what)")
                default: XCTFail("unexpected file \(name) \(what)")
                }
            } catch {
                XCTFail("\(name) is not complete \(what): \(error)")
            }
        }
    }

    func testKilledRunsLeaveOnlyCompleteFilesAndResumeBitIdentically() throws {
        guard let nlm = Self.executable() else {
            throw XCTSkip("nlm not found beside the test bundle; build with --build-tests or set NLM_EXECUTABLE")
        }
        let network = (directory as NSString).appendingPathComponent("kill.json")
        let text = """
            {"name": "kill", "neurons": 64, "seed": 5,
             "data": {"source": "glyphs", "size": 8, "count": 60, "testCount": 10},
             "training": {"batchSize": 20, "epochs": 80, "checkpointEvery": 1, "chainSteps": 10}}
            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: network))

        // The uninterrupted reference, timed to place the kills inside a run's lifetime.
        let reference = (directory as NSString).appendingPathComponent("reference")
        let start = Date()
        let whole = try launch(nlm, network: network, out: reference, resume: false)
        whole.waitUntilExit()
        let duration = Date().timeIntervalSince(start)
        XCTAssertEqual(whole.terminationStatus, 0, "the uninterrupted run failed")

        let out = (directory as NSString).appendingPathComponent("killed")
        let checkpoint = (out as NSString).appendingPathComponent(Checkpoint.fileName)
        var random = SplitMix64(seed: 20_261_123)
        var kills = 0, resumedLaunches = 0
        // Even rounds start afresh over the previous round's files, odd rounds resume from its checkpoint; the
        // last round is a fresh run killed part-way, so the final launch resumes from the middle of training.
        for round in 0...10 {
            let resume = round % 2 == 1 && FileManager.default.fileExists(atPath: checkpoint)
            if resume { resumedLaunches += 1 }
            let process = try launch(nlm, network: network, out: out, resume: resume)
            let delay = random.uniform() * 0.9 * duration
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
            try assertOnlyCompleteFiles(in: out, after: "after kill \(round) at \(String(format: "%.3f", delay)) s")
        }
        XCTAssertGreaterThanOrEqual(kills, 3, "the fresh launches should mostly have been killed mid-run")

        let resume = FileManager.default.fileExists(atPath: checkpoint)
        if resume {
            let epoch = try Checkpoint.read(directory: out).state.epoch
            XCTAssertLessThanOrEqual(epoch, 80)
            if ProcessInfo.processInfo.environment["KILL_TEST_VERBOSE"] != nil {
                print("kills \(kills), reference \(duration) s, final resume from epoch \(epoch)")
            }
        }
        if resume { resumedLaunches += 1 }
        let last = try launch(nlm, network: network, out: out, resume: resume)
        last.waitUntilExit()
        XCTAssertEqual(last.terminationStatus, 0, "the final (resumed) run failed")
        XCTAssertGreaterThan(resumedLaunches, 0, "no launch resumed from a checkpoint")
        try assertOnlyCompleteFiles(in: out, after: "at the end")
        for name in ["couplings.npy", "bias.npy"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: (reference as NSString).appendingPathComponent(name)))
            let b = try Data(contentsOf: URL(fileURLWithPath: (out as NSString).appendingPathComponent(name)))
            XCTAssertTrue(a == b, "\(name) of the killed-and-resumed run differs from the uninterrupted run")
        }
        XCTAssertEqual(try ModelFile.load(out).epochs, 80)
    }
}
