import XCTest
import DenseKernels
import LangevinMachine

/// Training lowers the moment mismatch, is reproducible from a seed, and resumes bit for bit.
final class TrainingTests: XCTestCase {
    /// Three noisy ±1 prototypes in 16 dimensions, 60 samples (one per row), encoded as membrane values.
    func syntheticData() -> Matrix {
        let n = 16, m = 60
        var data = Matrix(rows: m, cols: n)
        let noise = gaussianMatrix(rows: m, cols: n, seed: 99, purpose: .sampleInit)
        for s in 0..<m {
            let proto = s % 3
            for i in 0..<n {
                let sign: Float = ((i * (proto + 1)) / 3) % 2 == 0 ? 1 : -1
                data[s, i] = sign * 1.2 + 0.2 * noise[s, i]
            }
        }
        return data
    }

    func makeTrainer(optimizer: OptimizerKind, seed: UInt64 = 3) -> Trainer {
        var config = TrainingConfiguration()
        config.batchSize = 60
        config.chainSteps = 10
        config.dt = 0.02
        config.optimizer = optimizer
        config.seed = seed
        let p = Parameters.random(neurons: 16, gain: 1, seed: seed, bias: true)
        return Trainer(configuration: config, data: syntheticData(),
                       state: .initial(parameters: p, chains: config.batchSize, seed: seed))
    }

    func testGradientDescentLowersMismatchByLargeFactor() throws {
        var trainer = makeTrainer(optimizer: .gradientDescent(learningRate: 0.05, decay: 0))
        let first = try trainer.trainEpoch()
        var last = first
        for _ in 0..<299 { last = try trainer.trainEpoch() }
        XCTAssertLessThan(last.mismatch, first.mismatch / 10, "first \(first.mismatch), last \(last.mismatch)")
        XCTAssertEqual(trainer.state.parameters.largestSelfCoupling, 0, "the diagonal stays zero")
    }

    func testAdamLowersMismatchByLargeFactor() throws {
        var trainer = makeTrainer(optimizer: .adam(learningRate: 0.01, weightDecay: 0))
        let first = try trainer.trainEpoch()
        var last = first
        for _ in 0..<299 { last = try trainer.trainEpoch() }
        XCTAssertLessThan(last.mismatch, first.mismatch / 10, "first \(first.mismatch), last \(last.mismatch)")
    }

    func testSameSeedGivesIdenticalModelAndOtherSeedDoesNot() throws {
        var a = makeTrainer(optimizer: .gradientDescent(learningRate: 0.05, decay: 1e-4))
        var b = makeTrainer(optimizer: .gradientDescent(learningRate: 0.05, decay: 1e-4))
        var c = makeTrainer(optimizer: .gradientDescent(learningRate: 0.05, decay: 1e-4), seed: 4)
        for _ in 0..<3 { _ = try a.trainEpoch(); _ = try b.trainEpoch(); _ = try c.trainEpoch() }
        XCTAssertEqual(a.state, b.state)
        XCTAssertNotEqual(a.state.parameters, c.state.parameters)
    }

    /// A trainer rebuilt from a saved state continues exactly as the uninterrupted one.
    func testResumeFromStateIsBitIdentical() throws {
        var straight = makeTrainer(optimizer: .adam(learningRate: 0.01, weightDecay: 1e-4))
        for _ in 0..<4 { _ = try straight.trainEpoch() }
        var interrupted = makeTrainer(optimizer: .adam(learningRate: 0.01, weightDecay: 1e-4))
        for _ in 0..<2 { _ = try interrupted.trainEpoch() }
        var resumed = Trainer(configuration: interrupted.configuration, data: interrupted.data, state: interrupted.state)
        for _ in 0..<2 { _ = try resumed.trainEpoch() }
        XCTAssertEqual(resumed.state, straight.state)
    }

    func testBlowUpIsReportedWithStepAndCause() {
        var trainer = makeTrainer(optimizer: .gradientDescent(learningRate: 1e6, decay: 0))
        XCTAssertThrowsError(try { for _ in 0..<20 { _ = try trainer.trainEpoch() } }()) { error in
            guard let blowUp = error as? NumericalBlowUp else { return XCTFail("unexpected error \(error)") }
            XCTAssertTrue(blowUp.description.contains("learning rate"), blowUp.description)
        }
    }
}
