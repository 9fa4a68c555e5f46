import DenseKernels
import FileFormats
import Foundation
import LangevinMachine

/// Our side of `nlm bench`: the NLM workloads at the paper's shapes (N = 784).
///
/// Every workload matches a row of the NumPy peer (`Benchmarks/peers/nlm_numpy_peer.py`) in shape,
/// parameters (dt 0.01, T 1, n_t 10, SGD with learning rate 5e-4 and decay 2e-6) and thread count.
public enum BenchmarkWorkloads {
    public static let neurons = 784
    public static let gemmColumns = [1, 100, 256, 1000]
    public static let batches = [100, 1000]

    /// Random couplings N(0, 1/N) with zero diagonal (the same distribution as the peer's).
    static func couplings(seed: UInt64 = 1) -> Parameters {
        Parameters.random(neurons: neurons, gain: 1, seed: seed, bias: true)
    }

    /// Samples as rows (M × N), shaped like encoded images: 1.5·tanh(z), z ~ N(0, 1).
    static func dataset(samples: Int, seed: UInt64 = 2) -> Matrix {
        var m = gaussianMatrix(rows: samples, cols: neurons, seed: seed, purpose: .sampleInit)
        m.storage.withUnsafeMutableBufferPointer { s in
            for k in 0..<s.count { s[k] = 1.5 * Tanh.value(s[k]) }
        }
        return m
    }

    static func trainingConfiguration(batch: Int) -> TrainingConfiguration {
        var c = TrainingConfiguration()
        c.batchSize = batch
        c.chainSteps = 10
        c.dt = 0.01
        c.temperature = 1
        c.optimizer = .gradientDescent(learningRate: 5e-4, decay: 2e-6)
        c.seed = 3
        return c
    }

    /// All rows for one thread count (kernels that the issue measures per core only at `threads == 1`).
    public static func rows(threads: Int, repetitions: Int, log: (String) -> Void) -> [BenchmarkRow] {
        ParallelWorkers.setDefaultThreadCount(threads)
        let pool = ParallelWorkers.shared
        let n = neurons
        let j = couplings().couplings
        var rows: [BenchmarkRow] = []
        func add(_ name: String, _ key: String, _ unit: BenchmarkRow.Unit, _ work: Double, target: Double = 0.02,
                 reps: Int = repetitions, _ body: () -> Void) {
            let s = BenchmarkSample.measure(repetitions: reps, target: target, body)
            let row = BenchmarkRow(name: name, peerKey: key, threads: threads, unit: unit, work: work, ours: s)
            log("  \(name) [\(threads)T]: \(row.formatted(s)) \(unit.rawValue)")
            rows.append(row)
        }
        j.storage.withUnsafeBufferPointer { a in
            let packed = PackedMatrix(.left, j)
            for cols in gemmColumns {
                let b = gaussianMatrix(rows: n, cols: cols, seed: 4, purpose: .sampleInit)
                var c = Matrix(rows: n, cols: cols)
                let flops = 2.0 * Double(n * n * cols)
                b.storage.withUnsafeBufferPointer { pb in
                    c.storage.withUnsafeMutableBufferPointer { pc in
                        add("SGEMM 784×784 · 784×\(cols)", "gemm \(cols)", .gflops, flops) {
                            GEMM.multiply(.none, .none, m: n, n: cols, k: n, a: a.baseAddress!, lda: n,
                                          b: pb.baseAddress!, ldb: cols, c: pc.baseAddress!, ldc: cols, workers: pool)
                        }
                        add("SGEMM 784×784 · 784×\(cols), J prepacked", "gemm \(cols)", .gflops, flops) {
                            GEMM.multiply(packed, .none, n: cols, b: pb.baseAddress!, ldb: cols,
                                          c: pc.baseAddress!, ldc: cols, workers: pool)
                        }
                    }
                }
            }
            let x = [Float](repeating: 0.5, count: n)
            var y = [Float](repeating: 0, count: n)
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    for (trans, key) in [(Transposition.none, "gemv"), (.transposed, "gemv transposed")] {
                        add(trans == .none ? "SGEMV J·x" : "SGEMV Jᵀ·x", key, .gflops, 2.0 * Double(n * n)) {
                            GEMV.multiply(trans, m: n, n: n, a: a.baseAddress!, lda: n, x: px.baseAddress!,
                                          y: py.baseAddress!, workers: pool)
                        }
                    }
                }
            }
        }
        if threads == 1 {
            let count = 1 << 20
            var input = gaussianMatrix(rows: 1, cols: count, seed: 5, purpose: .sampleInit).storage
            var output = [Float](repeating: 0, count: count)
            input.withUnsafeMutableBufferPointer { pi in
                output.withUnsafeMutableBufferPointer { po in
                    add("tanh, 2^20 values", "tanh", .elementsPerSecond, Double(count)) {
                        Tanh.map(pi.baseAddress!, into: po.baseAddress!, count: count)
                    }
                    let stream = RandomStream(seed: 7, stream: 1)
                    add("Gaussian N(0,1) fill, 2^20 values", "gaussian", .elementsPerSecond, Double(count)) {
                        stream.fillGaussian(po, startingAt: 0)
                    }
                }
            }
        }
        let parameters = couplings()
        for batch in batches {
            let dynamics = DenseDynamics(parameters: parameters, temperature: 1, dt: 0.01)
            var x = gaussianMatrix(rows: n, cols: batch, seed: 6, purpose: .chainInit)
            var work = BatchWorkspace(neurons: n, columns: batch)
            var step: UInt64 = 0
            let noise = NoiseSource(seed: 9, purpose: .trainingNoise)
            add("Langevin step, \(batch) chains", "langevin step \(batch)", .milliseconds, 0) {
                dynamics.step(&x, &work, step: step, noise: noise)
                step += 1
            }
        }
        for batch in batches {
            // One epoch over exactly one batch of data is one training update.
            var trainer = Trainer(configuration: trainingConfiguration(batch: batch), data: dataset(samples: batch),
                                  state: .initial(parameters: parameters, chains: batch, seed: 3))
            add("training update, batch \(batch) (n_t = 10)", "training update \(batch)", .milliseconds, 0,
                target: 0, reps: max(3, batch >= 1000 ? min(repetitions, 5) : repetitions)) {
                _ = try? trainer.trainEpoch()
            }
        }
        return rows
    }

    /// Paper-scale training (18 000 samples, batch 1000, one epoch = 18 updates) at `threads`, then the
    /// process's peak memory against the bytes of J, the chains, their per-step temporaries and the data.
    /// Run it first, before other workloads inflate the peak.
    public static func memory(threads: Int, samples: Int = 18_000, batch: Int = 1000) throws -> BenchmarkMemory {
        ParallelWorkers.setDefaultThreadCount(threads)
        let data = dataset(samples: samples)
        var trainer = Trainer(configuration: trainingConfiguration(batch: batch), data: data,
                              state: .initial(parameters: couplings(), chains: batch, seed: 3))
        let report = try trainer.trainEpoch()
        let f = MemoryLayout<Float>.stride
        let state = neurons * batch * f
        return BenchmarkMemory(
            peakBytes: BenchmarkMemory.processPeakBytes(),
            parts: ["J": neurons * neurons * f, "chains": state,
                    // φ, φ′, residual and feedback for the chains, and the same for the data batch plus the batch.
                    "per-step temporaries": 9 * state, "data set": samples * neurons * f],
            secondsPerUpdate: report.seconds / Double(max(report.updates, 1)))
    }

    /// Writes J, b, a batch of states and of data, and our force, energies and learning gradient at
    /// them as `.npy` files into `directory`, for the peer's `--check` mode.
    public static func dumpForCheck(into directory: String, chains: Int = 100, dataColumns: Int = 100) throws {
        try ArrayFiles.createDirectory(directory)
        var parameters = couplings(seed: 11)
        for i in 0..<neurons { parameters.bias[i] = 0.01 * Float(i % 17) - 0.08 }
        let dynamics = DenseDynamics(parameters: parameters, temperature: 1, dt: 0.01)
        var x = gaussianMatrix(rows: neurons, cols: chains, seed: 12, purpose: .chainInit)
        for k in 0..<x.count { x.storage[k] *= 1.5 }
        let data = dataset(samples: dataColumns, seed: 13).transposed()
        let force = dynamics.force(x)
        let energies = dynamics.energies(of: x)
        var gradient = LikelihoodGradient(neurons: neurons)
        var work = BatchWorkspace(neurons: neurons, columns: chains)
        dynamics.accumulate(x, weight: 1 / Float(chains), into: &gradient, workspace: &work)
        var dataWork = BatchWorkspace(neurons: neurons, columns: dataColumns)
        dynamics.accumulate(data, weight: -1 / Float(dataColumns), into: &gradient, workspace: &dataWork)
        let path = { (name: String) in (directory as NSString).appendingPathComponent(name + ".npy") }
        try ArrayFiles.write(parameters.couplings.storage, shape: [neurons, neurons], to: path("couplings"))
        try ArrayFiles.write(parameters.bias, shape: [neurons], to: path("bias"))
        try ArrayFiles.write(x.storage, shape: [neurons, chains], to: path("states"))
        try ArrayFiles.write(data.storage, shape: [neurons, dataColumns], to: path("data"))
        try ArrayFiles.write(force.storage, shape: [neurons, chains], to: path("force"))
        try ArrayFiles.write(energies, shape: [chains], to: path("energy"))
        try ArrayFiles.write(gradient.couplings.storage, shape: [neurons, neurons], to: path("gradient"))
        try ArrayFiles.write(gradient.bias, shape: [neurons], to: path("bias_gradient"))
    }
}
