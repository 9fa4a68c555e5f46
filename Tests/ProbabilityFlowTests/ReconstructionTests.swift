import DenseKernels
import Foundation
import Optimization
import XCTest
import ProbabilityFlow

final class ReconstructionTests: XCTestCase {
    /// Occlusion erases exactly one ⌈√f·w⌉² block per image and marks it free; flips hit a share f of pixels
    /// (within 4 SE) and mark nothing.
    func testCorruptions() {
        let images = Matrix(rows: 100, cols: 50, repeating: 1)
        let (occluded, free) = ClampedInference.corrupt(images, .occlusion(fraction: 0.25), width: 10, height: 10, seed: 1)
        for c in 0..<50 {
            let erased = (0..<100).filter { free[$0, c] == 1 }
            XCTAssertEqual(erased.count, 25)
            XCTAssertTrue(erased.allSatisfy { occluded[$0, c] == 0 })
            XCTAssertEqual((0..<100).filter { occluded[$0, c] == 0 }.count, 25)
        }
        let (flipped, none) = ClampedInference.corrupt(images, .flips(fraction: 0.1), width: 10, height: 10, seed: 2)
        let share = Double(flipped.storage.filter { $0 == 0 }.count) / 5000
        XCTAssertEqual(share, 0.1, accuracy: 4 * (0.09 / 5000).squareRoot())
        XCTAssertTrue(none.storage.allSatisfy { $0 == 0 })
    }

    /// An RBM trained by VPF on two complementary 16-pixel prototypes (with 5% pixel noise) fills in an occluded
    /// quarter and cleans 10% flips far better than the corrupted input.
    func testVPFTrainedRBMReconstructs() {
        let nv = 16, count = 400
        var data = Matrix(rows: nv, cols: count)
        let noise = RandomStream(seed: 5, stream: 1)
        for c in 0..<count {
            for i in 0..<nv {
                let prototype: Float = (i / 4 + i % 4) % 2 == (c % 2) ? 1 : 0
                data[i, c] = noise.uniform(UInt64(c * nv + i)) < 0.05 ? 1 - prototype : prototype
            }
        }
        var training = FlowTraining(model: BoltzmannMachine(architecture: .restricted(visible: nv, hidden: 8), weightScale: 0.1, seed: 6),
                                    method: .probabilityFlow(sampledHidden: false), rule: .adam(learningRate: 0.03, weightDecay: 0), seed: 7)
        for _ in 0..<400 { training.step(visible: data) }
        var clean = Matrix(rows: nv, cols: 100)
        for c in 0..<100 { for i in 0..<nv { clean[i, c] = (i / 4 + i % 4) % 2 == (c % 2) ? 1 : 0 } }
        for corruption in [Corruption.occlusion(fraction: 0.25), .flips(fraction: 0.1)] {
            for inference in [InferenceMethod.meanField(sweeps: 10), .gibbs(burnIn: 10, sweeps: 50)] {
                let (corrupted, free) = ClampedInference.corrupt(clean, corruption, width: 4, height: 4, seed: 8)
                let r = ClampedInference.reconstruct(training.model, corrupted: corrupted, free: free, corruption: corruption,
                                                     inference: inference, posteriorSweeps: 1, seed: 9)
                let after = ClampedInference.errorRate(r, clean: clean, free: free, corruption: corruption)
                let before = ClampedInference.errorRate(corrupted, clean: clean, free: free, corruption: corruption)
                XCTAssertLessThan(after.rate, 0.25 * before.rate, "\(corruption), \(inference): \(before.rate) → \(after.rate)")
                // Clamped pixels are kept.
                if case .occlusion = corruption {
                    for e in 0..<free.count where free.storage[e] == 0 { XCTAssertEqual(r.storage[e], corrupted.storage[e]) }
                }
            }
        }
    }
}
