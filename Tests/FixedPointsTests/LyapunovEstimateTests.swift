import DenseKernels
import FixedPoints
import Foundation
import LangevinMachine
import XCTest

final class LyapunovEstimateTests: XCTestCase {
    /// With J = 0 and b = 0 the drift is −x with or without the feedback, so the Euler map contracts every
    /// separation by exactly (1 − dt) per step: λ = log(1 − dt)/dt, whatever the noise (it is common to both copies).
    func testUncoupledNetworkContractsAtTheEulerRate() {
        let p = Parameters(couplings: Matrix(rows: 20, cols: 20), bias: [Float](repeating: 0, count: 20))
        for feedback in [true, false] {
            let r = LyapunovEstimate.largest(p, temperature: 1, dt: 0.01, onsagerFeedback: feedback, chains: 4,
                                             transient: 10, steps: 400, seed: 3)
            let expected = log(1 - 0.01) / 0.01
            for e in r.exponents { XCTAssertEqual(e, expected, accuracy: 2e-3, "feedback \(feedback)") }
        }
    }

    /// Random couplings with g = 3 (N = 200): the plain rate network (no feedback) is chaotic, λ > 0
    /// (Sompolinsky et al. 1988: λ > 0 for g > 1 as N → ∞), while the NLM flow dx = −∇E dt descends an energy,
    /// λ < 0. The chains' mean must be clear of zero by more than 3 standard errors in both cases.
    func testOnsagerFeedbackTurnsChaosIntoAContractingFlow() {
        let p = Parameters.random(neurons: 200, gain: 3, seed: 5, bias: false)
        let without = LyapunovEstimate.largest(p, temperature: 0.1, dt: 0.01, onsagerFeedback: false, chains: 8,
                                               transient: 500, steps: 1500, seed: 9)
        let with = LyapunovEstimate.largest(p, temperature: 0.1, dt: 0.01, onsagerFeedback: true, chains: 8,
                                            transient: 500, steps: 1500, seed: 9)
        print("λ without feedback \(without.mean) ± \(without.standardError), with \(with.mean) ± \(with.standardError)")
        XCTAssertGreaterThan(without.mean, 3 * without.standardError)
        XCTAssertLessThan(with.mean, -3 * with.standardError)
    }

    func testSymmetricRandomCouplingsAreSymmetricWithTheRequestedVariance() {
        let n = 300
        let p = Parameters.randomSymmetric(neurons: n, gain: 2, seed: 4, bias: false)
        var sum: Double = 0, count = 0
        for i in 0..<n {
            XCTAssertEqual(p.couplings[i, i], 0)
            for j in 0..<n where j != i {
                XCTAssertEqual(p.couplings[i, j], p.couplings[j, i])
                sum += Double(p.couplings[i, j] * p.couplings[i, j]); count += 1
            }
        }
        // Entry variance g²/N; the sample variance over N(N−1)/2 independent entries has relative SE √(2/M).
        let variance = sum / Double(count), expected = 4.0 / Double(n)
        let se = expected * (2.0 / Double(count / 2)).squareRoot()
        XCTAssertEqual(variance, expected, accuracy: 4 * se)
    }
}
