import TestSupport
import XCTest
import DenseKernels
import Experiments
import FileFormats
import Foundation
import LangevinMachine

/// Model files, checkpoints and resume: what is written is read back exactly, damage is detected, and a
/// resumed run is bit-identical to an uninterrupted one.
final class RunFilesTests: TemporaryDirectoryTestCase {
    /// A tiny glyph network (60 images, batch 20) that trains in a fraction of a second.
    func tinySpec(epochs: Int = 4, out: String) -> NetworkSpec {
        var spec = NetworkSpec(name: "tiny", neurons: 784, outputDirectory: out)
        spec.data.count = 60
        spec.data.testCount = 10
        spec.training.batchSize = 20
        spec.training.optimizer = .adam(learningRate: 1e-3, weightDecay: 1e-6)
        spec.epochs = epochs
        spec.checkpointEvery = 2
        spec.sampling.chains = 4
        spec.sampling.steps = 20
        spec.denoising.steps = 10
        spec.denoising.images = 4
        spec.file = "tiny.json"
        return spec
    }

    func testModelFileRoundTripsExactly() throws {
        var p = Parameters.random(neurons: 30, gain: 2, seed: 8, bias: true)
        p.bias = (0..<30).map { Float($0) * 0.01 }
        let spec = tinySpec(out: directory)
        let history = [EpochReport(epoch: 1, updates: 3, mismatch: 0.5, dataEnergy: 10, chainEnergy: 12, seconds: 0.1)]
        try ModelFile(parameters: p, spec: spec, epochs: 1, updates: 3, history: history).save(to: directory)
        let loaded = try ModelFile.load(directory)
        XCTAssertEqual(loaded.parameters, p)
        XCTAssertEqual(loaded.history.map(\.mismatch), [0.5])
        XCTAssertEqual(loaded.seed, spec.seed)
    }

    func testModelWithWrongShapeOrNaNIsRejectedWithFileAndPlace() throws {
        let p = Parameters.random(neurons: 10, gain: 2, seed: 8, bias: false)
        try ModelFile(parameters: p, spec: tinySpec(out: directory), epochs: 0, updates: 0, history: []).save(to: directory)
        let couplings = (directory as NSString).appendingPathComponent("couplings.npy")
        try AtomicFile.write(NPY.encode(floats: [Float](repeating: 0, count: 12), shape: [3, 4]), to: couplings)
        XCTAssertThrowsError(try ModelFile.load(directory)) { XCTAssertTrue("\($0)".contains("couplings.npy: shape"), "\($0)") }
        var bad = [Float](repeating: 0, count: 100)
        bad[13] = .nan
        try AtomicFile.write(NPY.encode(floats: bad, shape: [10, 10]), to: couplings)
        XCTAssertThrowsError(try ModelFile.load(directory)) { XCTAssertTrue("\($0)".contains("J[1, 3]"), "\($0)") }
    }

    func testCheckpointRoundTripsAndDetectsDamage() throws {
        var state = TrainingState.initial(parameters: .random(neurons: 12, gain: 2, seed: 1, bias: true), chains: 5, seed: 1)
        state.optimizer.steps = 7
        state.optimizer.firstMoment = (0..<156).map { Float($0) }
        state.optimizer.secondMoment = (0..<156).map { Float($0) * 2 }
        state.epoch = 3
        state.update = 9
        state.chainStep = 90
        let contents = Checkpoint.Contents(state: state, history: [], networkName: "n", seed: 1)
        let bytes = Checkpoint.encode(contents)
        XCTAssertEqual(try Checkpoint.decode(bytes, file: "c"), contents)
        var damaged = bytes
        damaged[bytes.count / 2] ^= 0x40
        XCTAssertThrowsError(try Checkpoint.decode(damaged, file: "c")) { XCTAssertTrue("\($0)".contains("CRC-32"), "\($0)") }
        XCTAssertThrowsError(try Checkpoint.decode(Array(bytes.prefix(40)), file: "c"))
        XCTAssertThrowsError(try Checkpoint.decode(Array("not a checkpoint at all".utf8), file: "c")) {
            XCTAssertTrue("\($0)".contains("magic"), "\($0)")
        }
    }

    /// Training 4 epochs straight and training 2, stopping, and resuming from the checkpoint for 2 more give
    /// the same bytes.
    func testResumeFromCheckpointIsBitIdentical() throws {
        let straightDir = (directory as NSString).appendingPathComponent("straight")
        let resumedDir = (directory as NSString).appendingPathComponent("resumed")
        let quiet = ProgressReporter(quiet: true)
        var options = RunOptions()
        options.quiet = true
        let spec = tinySpec(epochs: 4, out: straightDir)
        let data = try ExperimentData.load(spec)
        let straight = try TrainingRun.train(spec, data: data, options: options, progress: quiet)

        var first = tinySpec(epochs: 2, out: resumedDir)
        _ = try TrainingRun.train(first, data: data, options: options, progress: quiet)
        first.epochs = 4
        options.resume = true
        let resumed = try TrainingRun.train(first, data: data, options: options, progress: quiet)
        XCTAssertEqual(resumed.state, straight.state)
        XCTAssertEqual(resumed.history.map(\.mismatch), straight.history.map(\.mismatch))
    }

    /// One and two worker threads write byte-identical model files.
    func testModelFilesAreByteIdenticalForOneAndTwoThreads() throws {
        var options = RunOptions()
        options.quiet = true
        let quiet = ProgressReporter(quiet: true)
        var bytes: [[UInt8]] = []
        let previous = ParallelWorkers.defaultThreadCount
        defer { ParallelWorkers.setDefaultThreadCount(previous) }
        for threads in [1, 2] {
            ParallelWorkers.setDefaultThreadCount(threads)
            let out = (directory as NSString).appendingPathComponent("threads\(threads)")
            let spec = tinySpec(epochs: 2, out: out)
            let outcome = try TrainingRun.train(spec, data: try ExperimentData.load(spec), options: options, progress: quiet)
            try ModelFile(parameters: outcome.state.parameters, spec: spec, epochs: 2, updates: outcome.state.update,
                          history: []).save(to: out)
            bytes.append(try FileBytes.read(path: (out as NSString).appendingPathComponent("couplings.npy"))
                         + FileBytes.read(path: (out as NSString).appendingPathComponent("bias.npy")))
        }
        XCTAssertEqual(bytes[0], bytes[1])
    }
}
