import DenseKernels
import Foundation
import XCTest
import ProbabilityFlow

final class ExactEnumerationTests: XCTestCase {
    /// The Gray-code energies equal −E(s) computed directly for every state, for both part splits.
    func testGrayCodeEnergiesMatchDirectEnergies() {
        for n in [1, 3, 10] {
            let m = TestModels.random(.fullyVisible(n), scale: 0.7, seed: UInt64(n))
            let table = ExactEnumeration.negativeEnergies(m)
            let direct = m.energies(ExactEnumeration.allStates(units: n))
            for s in 0..<(1 << n) { XCTAssertEqual(table[s], -direct[s], accuracy: 1e-4, "n = \(n), state \(s)") }
        }
    }

    /// Independent units: log Z = Σᵢ log(1 + e^{bᵢ}); two coupled units by hand: Z = 1 + e^{b₀} + e^{b₁} + e^{w+b₀+b₁}.
    func testKnownPartitionFunctions() {
        var m = TestModels.random(.fullyVisible(12), scale: 0, seed: 3)
        let expected = m.bias.reduce(0.0) { $0 + BinaryUnits.softplus(Double($1)) }
        XCTAssertEqual(ExactEnumeration.logPartition(m), expected, accuracy: 1e-9)
        m = BoltzmannMachine(architecture: .fullyVisible(2), weights: Matrix(rows: 2, cols: 2, storage: [0, 0.8, 0.8, 0]), bias: [-0.3, 0.5])
        let z = 1 + exp(-0.3) + exp(0.5) + exp(0.8 - 0.3 + 0.5)
        XCTAssertEqual(ExactEnumeration.logPartition(m), log(z), accuracy: 1e-6)
    }

    /// The closed-form RBM marginal matches summing the hidden units out by enumeration.
    func testFreeEnergyMatchesEnumeratedMarginals() throws {
        let m = TestModels.random(.restricted(visible: 6, hidden: 5), scale: 0.8, seed: 5)
        let exact = ExactEnumeration.visibleLogMarginals(m)
        let logZ = ExactEnumeration.logPartition(m)
        let v = ExactEnumeration.allStates(units: 6)
        let closed = try XCTUnwrap(FreeEnergy.logUnnormalizedMarginals(m, visible: v))
        for s in 0..<64 { XCTAssertEqual(closed[s] - logZ, exact[s], accuracy: 1e-4) }
        XCTAssertNil(FreeEnergy.logUnnormalizedMarginals(TestModels.random(.deep(visible: 3, hidden: [2, 2]), scale: 1, seed: 1),
                                                         visible: Matrix(rows: 3, cols: 1)))
    }

    /// One mean-field sweep of an RBM gives the exact posterior marginals p(hⱼ = 1 | v).
    func testMeanFieldIsExactForRBMPosterior() {
        let m = TestModels.random(.restricted(visible: 5, hidden: 4), scale: 1, seed: 9)
        let logp = ExactEnumeration.logProbabilities(m)
        let v = ExactEnumeration.allStates(units: 5)
        let x = MeanField.posterior(m, visible: v, sweeps: 1)
        for state in 0..<32 {
            let joint = (0..<16).map { h in logp[state | h << 5] }
            let norm = BinaryUnits.logSumExp(joint)
            for j in 0..<4 {
                let on = (0..<16).filter { ($0 >> j) & 1 == 1 }.reduce(0.0) { $0 + exp(joint[$1] - norm) }
                XCTAssertEqual(Double(x[5 + j, state]), on, accuracy: 1e-5)
            }
        }
    }
}
