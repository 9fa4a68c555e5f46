import DenseKernels
import Foundation
import XCTest
import ProbabilityFlow

final class FlowGradientTests: XCTestCase {
    /// Central differences of K (double-precision sums) against the analytic gradient, for every synapse and bias.
    func check(_ model: BoltzmannMachine, states x: Matrix, file: StaticString = #filePath, line: UInt = #line) {
        let (_, gw, gb) = ProbabilityFlowObjective.objectiveAndGradient(model, states: x)
        let h: Float = 2e-3, n = model.unitCount
        func k(_ m: BoltzmannMachine) -> Double { ProbabilityFlowObjective.objective(m, states: x) }
        var worst = 0.0
        for i in 0..<n {
            for j in 0..<n where model.mask[i * n + j] == 1 && (!model.symmetric || j > i) {
                var plus = model, minus = model
                plus.weights[i, j] += h; minus.weights[i, j] -= h
                if model.symmetric { plus.weights[j, i] += h; minus.weights[j, i] -= h }
                let fd = (k(plus) - k(minus)) / Double(2 * h)
                worst = max(worst, abs(fd - Double(gw[i, j])))
                XCTAssertEqual(Double(gw[i, j]), fd, accuracy: 2e-3 * max(1, abs(fd)), "∂K/∂W[\(i),\(j)]", file: file, line: line)
            }
            var plus = model, minus = model
            plus.bias[i] += h; minus.bias[i] -= h
            XCTAssertEqual(Double(gb[i]), (k(plus) - k(minus)) / Double(2 * h), accuracy: 2e-3 * max(1, abs(Double(gb[i]))),
                           "∂K/∂b[\(i)]", file: file, line: line)
        }
        // Absent synapses get no gradient.
        for e in 0..<(n * n) where model.mask[e] == 0 { XCTAssertEqual(gw.storage[e], 0, file: file, line: line) }
    }

    func testMPFGradientOfFullyVisibleMachine() {
        let m = TestModels.random(.fullyVisible(8), scale: 0.6, seed: 1)
        check(m, states: GibbsSampler.randomStates(units: 8, chains: 40, seed: 2))
    }

    func testAsymmetricFlowGradient() {
        let m = TestModels.random(.fullyVisible(7), scale: 0.6, symmetric: false, seed: 3)
        XCTAssertNotEqual(m.weights[0, 1], m.weights[1, 0])
        check(m, states: GibbsSampler.randomStates(units: 7, chains: 30, seed: 4))
    }

    /// VPF: visible states with mean-field hidden rates, in a DBM with hidden–hidden links.
    func testVPFGradientOfDeepMachineWithIntraLayerLinks() {
        let a = BoltzmannArchitecture.deep(visible: 5, hidden: [4, 3], intraHidden: true)
        let m = TestModels.random(a, scale: 0.6, seed: 5)
        let v = GibbsSampler.randomStates(units: 5, chains: 30, seed: 6)
        let x = MeanField.posterior(m, visible: v, sweeps: 10)
        XCTAssertTrue(x.storage[(5 * 30)...].allSatisfy { $0 > 0 && $0 < 1 }, "hidden rows hold rates")
        check(m, states: x)
    }

    /// MPF's consistency: when the data distribution is the model's own, every flow balances and ∇K = 0;
    /// at other parameters it does not.
    func testGradientVanishesAtTheDataDistribution() {
        let n = 8
        let truth = TestModels.random(.fullyVisible(n), scale: 0.8, seed: 11)
        let p = ExactEnumeration.logProbabilities(truth).map { Float(exp($0)) }
        let states = ExactEnumeration.allStates(units: n)
        let atTruth = ProbabilityFlowObjective.objectiveAndGradient(truth, states: states, columnWeights: p)
        let elsewhere = ProbabilityFlowObjective.objectiveAndGradient(TestModels.random(.fullyVisible(n), scale: 0.8, seed: 12),
                                                                      states: states, columnWeights: p)
        let norm = { (g: (objective: Double, weights: Matrix, bias: [Float])) in
            (g.weights.storage + g.bias).reduce(0) { max($0, abs($1)) }
        }
        XCTAssertLessThan(norm(atTruth), 2e-5)
        XCTAssertGreaterThan(norm(elsewhere), 1e-2)
        XCTAssertEqual(ExactEnumeration.flowObjective(truth, dataProbabilities: p.map(Double.init)), atTruth.objective, accuracy: 1e-4)
    }
}
