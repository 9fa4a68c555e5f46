import XCTest
import DenseKernels
import LangevinMachine
import Foundation

/// Finite-difference checks of every derivative the model uses.
final class GradientTests: XCTestCase {
    /// A small random model with bias and a random batch of states, both from fixed seeds.
    func makeModel(n: Int = 7, columns: Int = 3, bias: Bool = true) -> (DenseDynamics, Matrix) {
        var p = Parameters.random(neurons: n, gain: 1.5, seed: 11, bias: bias)
        if bias { for i in 0..<n { p.bias[i] = 0.1 * Float(i) - 0.3 } }
        let x = gaussianMatrix(rows: n, cols: columns, seed: 5, purpose: .sampleInit)
        return (DenseDynamics(parameters: p, temperature: 1, dt: 0.01), x)
    }

    /// E(x) in double precision, straight from the definition ½‖x − Jφ(x) − b‖².
    func energy(_ p: Parameters, _ x: [Double]) -> Double {
        let n = p.neuronCount
        var e = 0.0
        for i in 0..<n {
            var h = 0.0
            for j in 0..<n { h += Double(p.couplings[i, j]) * Foundation.tanh(x[j]) }
            let r = x[i] - h - Double(p.bias[i])
            e += 0.5 * r * r
        }
        return e
    }

    func column(_ x: Matrix, _ c: Int) -> [Double] { (0..<x.rows).map { Double(x[$0, c]) } }

    func testForceIsMinusEnergyGradient() {
        let (dyn, x) = makeModel()
        let force = dyn.force(x)
        let h = 1e-5
        for c in 0..<x.cols {
            let base = column(x, c)
            for i in 0..<x.rows {
                var plus = base, minus = base
                plus[i] += h
                minus[i] -= h
                let numeric = -(energy(dyn.parameters, plus) - energy(dyn.parameters, minus)) / (2 * h)
                // Float evaluation of O(1) terms: absolute error a few 1e-6 relative to the force's scale.
                XCTAssertEqual(Double(force[i, c]), numeric, accuracy: 1e-4 * max(1, abs(numeric)), "neuron \(i) chain \(c)")
            }
        }
    }

    func testEnergiesMatchDefinition() {
        let (dyn, x) = makeModel()
        let e = dyn.energies(of: x)
        for c in 0..<x.cols {
            let exact = energy(dyn.parameters, column(x, c))
            XCTAssertEqual(Double(e[c]), exact, accuracy: 1e-5 * max(1, exact))
        }
    }

    /// The learning statistic accumulated from a batch equals the average of −∂E/∂θ over the batch, where the
    /// derivative is taken numerically: ∂E/∂Jᵢⱼ = −rᵢφⱼ, ∂E/∂bᵢ = −rᵢ.
    func testLearningStatisticIsMinusEnergyGradientInParameters() {
        let (dyn, x) = makeModel()
        let n = x.rows
        var gradient = LikelihoodGradient(neurons: n)
        var work = BatchWorkspace(neurons: n, columns: x.cols)
        dyn.accumulate(x, weight: 1 / Float(x.cols), into: &gradient, workspace: &work)
        let h: Float = 1e-3
        for i in 0..<n {
            for j in 0..<n {
                var numeric = 0.0
                for c in 0..<x.cols {
                    var plus = dyn.parameters, minus = dyn.parameters
                    plus.couplings[i, j] += h
                    minus.couplings[i, j] -= h
                    numeric -= (energy(plus, column(x, c)) - energy(minus, column(x, c))) / Double(2 * h)
                }
                numeric /= Double(x.cols)
                XCTAssertEqual(Double(gradient.couplings[i, j]), numeric, accuracy: 2e-3 * max(1, abs(numeric)), "J[\(i),\(j)]")
            }
            var numeric = 0.0
            for c in 0..<x.cols {
                var plus = dyn.parameters, minus = dyn.parameters
                plus.bias[i] += h
                minus.bias[i] -= h
                numeric -= (energy(plus, column(x, c)) - energy(minus, column(x, c))) / Double(2 * h)
            }
            numeric /= Double(x.cols)
            XCTAssertEqual(Double(gradient.bias[i]), numeric, accuracy: 2e-3 * max(1, abs(numeric)), "b[\(i)]")
        }
    }

    func testUnbiasedEnergyIsEven() {
        let (dyn, x) = makeModel(bias: false)
        var negative = x
        for k in 0..<negative.count { negative.storage[k] = -negative.storage[k] }
        let e1 = dyn.energies(of: x), e2 = dyn.energies(of: negative)
        for c in 0..<x.cols { XCTAssertEqual(e1[c], e2[c], accuracy: 1e-5 * max(1, e1[c])) }
    }

    func testRandomCouplingsHaveZeroDiagonalAndVarianceGSquaredOverN() {
        let n = 200, g: Float = 2
        let p = Parameters.random(neurons: n, gain: g, seed: 3, bias: false)
        XCTAssertEqual(p.largestSelfCoupling, 0)
        var s = 0.0, s2 = 0.0
        for i in 0..<n { for j in 0..<n where i != j { let v = Double(p.couplings[i, j]); s += v; s2 += v * v } }
        let m = Double(n * (n - 1))
        let variance = s2 / m - (s / m) * (s / m)
        let expected = Double(g * g) / Double(n)
        // Sample variance of m Gaussian values has relative standard error √(2/m) ≈ 0.0071; allow 4 SE.
        XCTAssertEqual(variance / expected, 1, accuracy: 4 * (2 / m).squareRoot())
        XCTAssertEqual(Parameters.random(neurons: n, gain: g, seed: 3, bias: false), p, "same seed, same couplings")
    }
}
