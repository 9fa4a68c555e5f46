import XCTest
import DenseKernels
import LangevinMachine
import NeuralAgents

/// With a synchronous clock and δ = 0 the agents must reproduce the dense Jacobi step: same formulas, same
/// noise values (stream (purpose, step, neuron), index chain), only the order of the sums hᵢ and fᵢ differs
/// (GEMM blocks vs. incremental event deltas).
final class DenseAgreementTests: XCTestCase {
    static func model(neurons n: Int, gain: Float, seed: UInt64) -> Parameters {
        var p = Parameters.random(neurons: n, gain: gain, seed: seed, bias: true)
        for i in 0..<n { p.bias[i] = 0.3 * Float(i % 5) - 0.6 }
        return p
    }

    /// Float tolerance: each drive hᵢ is a sum of N products |Jᵢⱼφⱼ| ≲ g/√N, rounded differently on the two
    /// paths (≈ √N·ε·g per evaluation, ε = 6e-8), and the event path's incremental sums add one rounding per
    /// step, a random walk over S steps: ≈ √S·√N·ε·g ≈ 17·5·6e-8·1.5 ≈ 1e-5 after S = 300 steps at N = 24.
    /// The stable Onsager dynamics does not amplify it much over ~3 relaxation times (observed 7e-6); 1e-4
    /// absolute leaves a factor 10 and fails on any wrong term (a missing bias, feedback or noise value moves
    /// x by O(dt) = 1e-2 per step).
    func testSynchronousDeltaZeroReproducesDenseTrajectories() {
        let n = 24, chains = 6, dt: Float = 0.01, t: Float = 1, seed: UInt64 = 7
        let p = Self.model(neurons: n, gain: 1.5, seed: seed)
        var x = gaussianMatrix(rows: n, cols: chains, seed: seed, purpose: .sampleInit)
        var config = AgentConfiguration()
        config.temperature = t
        config.clock = .fixed(interval: dt)
        config.seed = seed
        var network = AgentNetwork(parameters: p, configuration: config, state: x)
        let dense = DenseDynamics(parameters: p, temperature: t, dt: dt)
        var work = BatchWorkspace(neurons: n, columns: chains)
        var step: UInt64 = 0
        var worst: Float = 0
        for _ in 0..<6 {
            dense.run(&x, steps: 50, firstStep: step, noise: NoiseSource(seed: seed, purpose: .samplingNoise), workspace: &work)
            step += 50
            network.run(steps: 50)
            let y = network.membranes()
            for k in 0..<x.count { worst = max(worst, abs(x.storage[k] - y.storage[k])) }
        }
        XCTAssertLessThan(worst, 1e-4, "largest |x_dense − x_event| over 300 steps")
        // The drives as received equal J·φ(x) of the current state (checks the forward events directly).
        var drive = Matrix(rows: n, cols: chains)
        let rates = Matrix(rows: n, cols: chains, storage: network.membranes().storage.map { Tanh.value($0) })
        Matrix.multiply(p.couplings, .none, rates, .none, alpha: 1, beta: 0, into: &drive)
        let h = network.drives()
        for k in 0..<h.count { XCTAssertEqual(h.storage[k], drive.storage[k], accuracy: 1e-4) }
    }

    /// At T = 0 the step is deterministic; a chaotic-free (stable) trajectory must agree to the same
    /// tolerance, which also checks that no noise leaks in when T = 0.
    func testSynchronousDeterministicRunAgrees() {
        let n = 16, chains = 3, dt: Float = 0.02
        let p = Self.model(neurons: n, gain: 1.2, seed: 3)
        var x = gaussianMatrix(rows: n, cols: chains, seed: 3, purpose: .sampleInit)
        var config = AgentConfiguration()
        config.temperature = 0
        config.clock = .fixed(interval: dt)
        var network = AgentNetwork(parameters: p, configuration: config, state: x)
        var work = BatchWorkspace(neurons: n, columns: chains)
        DenseDynamics(parameters: p, temperature: 0, dt: dt)
            .run(&x, steps: 200, firstStep: 0, noise: NoiseSource(seed: 1, purpose: .samplingNoise), workspace: &work)
        network.run(steps: 200)
        let y = network.membranes()
        for k in 0..<x.count { XCTAssertEqual(x.storage[k], y.storage[k], accuracy: 1e-4) }
    }
}
