import Foundation
import Optimization
import XCTest

final class UpdateRuleTests: XCTestCase {
    /// A small deterministic sequence of weights/gradients (no RNG needed: a fixed quasi-random formula).
    func values(_ count: Int, seed: Double) -> [Float] {
        (0..<count).map { Float(sin(Double($0) * 12.9898 + seed) * 2.5) }
    }

    func testGradientDescentMatchesItsFormula() {
        var w = values(37, seed: 1)
        let g = values(37, seed: 2)
        let expected = zip(w, g).map { Double($0) * (1 - 0.01) - 0.1 * Double($1) }
        var opt = TensorOptimizer(rule: .gradientDescent(learningRate: 0.1, decay: 0.01))
        opt.beginStep()
        opt.update("w", weights: &w, gradient: g)
        for (a, b) in zip(w, expected) { XCTAssertEqual(Double(a), b, accuracy: 1e-6) }
    }

    /// Adam against a double-precision transcription of Kingma & Ba's Algorithm 1 with coupled L2 decay, over
    /// five steps with changing gradients, on a tensor large enough (5000) to be split over the worker pool.
    func testAdamMatchesDoublePrecisionReferenceOverSeveralSteps() {
        let n = 5000
        var w = values(n, seed: 3)
        var wRef = w.map(Double.init)
        var m = [Double](repeating: 0, count: n), v = m
        let (lr, wd, b1, b2, eps) = (1e-2, 1e-3, 0.9, 0.999, 1e-8)
        var opt = TensorOptimizer(rule: .adam(learningRate: Float(lr), weightDecay: Float(wd)))
        for t in 1...5 {
            let g = values(n, seed: Double(10 + t))
            opt.beginStep()
            opt.update("w", weights: &w, gradient: g)
            for e in 0..<n {
                let ge = Double(g[e]) + wd * wRef[e]
                m[e] = b1 * m[e] + (1 - b1) * ge
                v[e] = b2 * v[e] + (1 - b2) * ge * ge
                let mh = m[e] / (1 - pow(b1, Double(t))), vh = v[e] / (1 - pow(b2, Double(t)))
                wRef[e] -= lr * mh / (vh.squareRoot() + eps)
            }
        }
        var worst = 0.0
        for e in 0..<n { worst = max(worst, abs(Double(w[e]) - wRef[e])) }
        XCTAssertLessThan(worst, 1e-5, "Adam deviates from the double reference by \(worst)")
    }

    /// Dale's law: whatever the gradient, step size and decay, exponentiated gradient never changes a weight's
    /// sign and keeps zeros at zero; and log|w| moves by exactly −η·sign(w)·g.
    func testExponentiatedGradientNeverChangesSignAndIsAdditiveInLogMagnitude() {
        let n = 4100
        var w = values(n, seed: 4)
        w[7] = 0
        let initial = w
        var opt = TensorOptimizer(rule: .exponentiatedGradient(learningRate: 0.5))
        let g = values(n, seed: 5).map { $0 * 40 }   // huge gradients: additive steps would flip many signs
        opt.beginStep()
        opt.update("w", weights: &w, gradient: g)
        for e in 0..<n {
            XCTAssertEqual(w[e].sign, initial[e].sign, "weight \(e) changed sign")
            if initial[e] == 0 { XCTAssertEqual(w[e], 0); continue }
            guard w[e] != 0, w[e].isFinite else { continue }   // under/overflow of exp at these extremes
            let s: Double = initial[e] > 0 ? 1 : -1
            let predicted = log(Double(abs(initial[e]))) - 0.5 * s * Double(g[e])
            XCTAssertEqual(log(Double(abs(w[e]))), predicted, accuracy: 1e-4 * max(1, abs(predicted)))
        }
        for rate in [Float(1e-3), 0.1, 3] {
            var r = values(300, seed: Double(rate))
            let signs = r.map(\.sign)
            var o = TensorOptimizer(rule: .exponentiatedGradient(learningRate: rate, weightDecay: 0.1))
            for t in 0..<20 {
                o.beginStep()
                o.update("r", weights: &r, gradient: values(300, seed: Double(t) + 0.5))
            }
            XCTAssertEqual(r.map(\.sign), signs)
        }
    }

    /// A step so large that exp(−η sign(w) g) under- or overflows still leaves every weight finite, non-zero
    /// and of its sign (a weight that reached 0 or ∞ could never move again).
    func testExponentiatedGradientSurvivesExtremeSteps() {
        var w: [Float] = [1e-3, -1e-3, 2, -2]
        let g: [Float] = [1e6, -1e6, -1e6, 1e6]          // shrink the first two, grow the last two
        var optimizer = TensorOptimizer(rule: .exponentiatedGradient(learningRate: 1))
        optimizer.beginStep()
        optimizer.update("w", weights: &w, gradient: g)
        for (k, v) in w.enumerated() {
            XCTAssertTrue(v.isFinite && v != 0, "w[\(k)] = \(v)")
            XCTAssertEqual(v.sign, k % 2 == 0 ? .plus : .minus, "w[\(k)] = \(v)")
        }
        XCTAssertEqual(UpdateRule.named("exponentiatedGradient", learningRate: 0.1, weightDecay: 0), .exponentiatedGradient(learningRate: 0.1, weightDecay: 0))
        XCTAssertNil(UpdateRule.named("sgd", learningRate: 0.1, weightDecay: 0))
    }

    func testBiasesAreNotDecayedAndTensorsKeepSeparateMoments() {
        var a: [Float] = [1, -2, 3], b: [Float] = [1, -2, 3]
        var opt = TensorOptimizer(rule: .gradientDescent(learningRate: 0, decay: 0.5))
        opt.beginStep()
        opt.update("a", weights: &a, gradient: [0, 0, 0])
        opt.update("b", weights: &b, gradient: [0, 0, 0], decays: false)
        XCTAssertEqual(a, [0.5, -1, 1.5])
        XCTAssertEqual(b, [1, -2, 3])
        var adam = TensorOptimizer(rule: .adam(learningRate: 0.1, weightDecay: 0))
        var x: [Float] = [0, 0], y: [Float] = [0]
        adam.beginStep()
        adam.update("x", weights: &x, gradient: [1, -1])
        adam.update("y", weights: &y, gradient: [5])
        XCTAssertEqual(adam.firstMoments["x"]?.count, 2)
        XCTAssertEqual(adam.firstMoments["y"]?.count, 1)
        // First Adam step moves every weight by −lr·sign(g) (up to ε).
        XCTAssertEqual(x[0], -0.1, accuracy: 1e-6)
        XCTAssertEqual(x[1], 0.1, accuracy: 1e-6)
        XCTAssertEqual(y[0], -0.1, accuracy: 1e-6)
    }

    func testDurationFormatting() {
        XCTAssertEqual(RunProgress.duration(42), "42s")
        XCTAssertEqual(RunProgress.duration(185), "3m05s")
        XCTAssertEqual(RunProgress.duration(3720), "1h02m")
        XCTAssertEqual(RunProgress.duration(.nan), "?")
    }
}
