import XCTest
import DenseKernels
import LangevinMachine
import NeuralAgents

/// With δ > 0 a neuron's targets hold the rate φ̂ⱼ it last sent, and every sent value is within δ of the
/// current one at the end of a tick (a chain that moved by more than δ is sent at once). Hence the drive
/// received by neuron i satisfies |hᵢ − (Jφ)ᵢ| = |Σⱼ Jᵢⱼ(φ̂ⱼ − φⱼ)| ≤ δ·Σⱼ|Jᵢⱼ|, and the feedback
/// |fⱼ − (Jᵀr)ⱼ| ≤ δ·Σᵢ|Jᵢⱼ| with rᵢ = xᵢ − hᵢ − bᵢ (errors are sent after the tick's forward events, so the
/// residual does not change after it is sent). The bound is exact up to float rounding of the incremental
/// sums (≤ 1e-4 after a few hundred steps, see DenseAgreementTests). Any lost, duplicated or misrouted
/// delivery accumulates the moves of φ (O(0.1–1) over a run) times |Jᵢⱼ| ≈ 0.15 and breaks the bound.
/// The runs relax from random states at low temperature, so the engine passes through every delivery path:
/// all neurons moving (GEMM with the full J), some (GEMM on the gathered movers) and few (one AXPY per
/// moved value).
final class SendOnDeltaBoundTests: XCTestCase {
    func check(temperature: Float, delta: Float, clock: NeuronClock, file: StaticString = #filePath, line: UInt = #line) {
        let n = 64, chains = 8, seed: UInt64 = 5
        var p = Parameters.random(neurons: n, gain: 1.5, seed: seed, bias: true)
        for i in 0..<n { p.bias[i] = 0.2 * Float(i % 3) - 0.2 }
        var config = AgentConfiguration()
        config.temperature = temperature
        config.clock = clock
        config.transmission = .graded(delta: delta)
        config.seed = seed
        var network = AgentNetwork(parameters: p, configuration: config,
                                   state: gaussianMatrix(rows: n, cols: chains, seed: seed, purpose: .sampleInit))
        let j = p.couplings
        var rowBound = [Float](repeating: 0, count: n), columnBound = [Float](repeating: 0, count: n)
        for i in 0..<n {
            for k in 0..<n {
                rowBound[i] += abs(j[i, k])
                columnBound[k] += abs(j[i, k])
            }
        }
        var worstDrive: Float = 0, worstFeedback: Float = 0
        for _ in 0..<10 {
            network.run(for: 20 * 0.01)
            let x = network.membranes(), h = network.drives(), f = network.feedbacks()
            let rates = Matrix(rows: n, cols: chains, storage: x.storage.map { Tanh.value($0) })
            var residual = Matrix(rows: n, cols: chains)
            for i in 0..<n {
                for c in 0..<chains { residual[i, c] = x[i, c] - h[i, c] - p.bias[i] }
            }
            var jr = Matrix(rows: n, cols: chains), jtr = Matrix(rows: n, cols: chains)
            Matrix.multiply(j, .none, rates, .none, alpha: 1, beta: 0, into: &jr)
            Matrix.multiply(j, .transposed, residual, .none, alpha: 1, beta: 0, into: &jtr)
            for i in 0..<n {
                for c in 0..<chains {
                    worstDrive = max(worstDrive, abs(h[i, c] - jr[i, c]) - delta * rowBound[i])
                    worstFeedback = max(worstFeedback, abs(f[i, c] - jtr[i, c]) - delta * columnBound[i])
                }
            }
        }
        XCTAssertLessThan(worstDrive, 1e-4, "drive beyond the send-on-delta bound (T \(temperature), δ \(delta))",
                          file: file, line: line)
        // With an asynchronous clock hᵢ (hence rᵢ) also moves between i's updates, when its sources send, and
        // rᵢ is re-sent only at i's next update: the feedback bound holds for synchronous clocks only.
        guard case .fixed = clock else { return }
        XCTAssertLessThan(worstFeedback, 1e-4, "feedback beyond the send-on-delta bound (T \(temperature), δ \(delta))",
                          file: file, line: line)
    }

    func testSynchronousDrivesAndFeedbacksStayWithinDeltaOfExactSums() {
        for temperature: Float in [0, 1e-3] {
            for delta: Float in [1e-3, 1e-2] {
                check(temperature: temperature, delta: delta, clock: .fixed(interval: 0.01))
            }
        }
    }

    func testAsynchronousDrivesStayWithinDeltaOfExactSums() {
        check(temperature: 1e-3, delta: 1e-2, clock: .poisson(meanInterval: 0.01))
    }
}
