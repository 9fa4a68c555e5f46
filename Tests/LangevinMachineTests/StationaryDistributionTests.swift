import XCTest
import Foundation
import DenseKernels
import LangevinMachine

/// The chains' stationary law must be the Boltzmann law exp(−E/T) (up to the O(dt) bias of Euler–Maruyama,
/// far below what these sample sizes resolve). Every test uses a fixed seed and many independent chains, so
/// the samples taken at one time are independent.
final class StationaryDistributionTests: XCTestCase {
    /// Upper α-quantile of χ²(df) by the Wilson–Hilferty approximation (z = 3.09 for α = 0.001).
    func chiSquareCritical(df: Int, z: Double = 3.09) -> Double {
        let k = Double(df)
        let a = 2 / (9 * k)
        return k * pow(1 - a + z * a.squareRoot(), 3)
    }

    /// Pearson's χ² of observed counts against expected probabilities; bins with expected count < 5 are
    /// pooled into one bin. Returns the statistic and the degrees of freedom.
    func chiSquare(observed: [Int], probabilities: [Double]) -> (Double, Int) {
        let total = Double(observed.reduce(0, +))
        var stat = 0.0, bins = 0, pooledObserved = 0.0, pooledExpected = 0.0
        for (o, p) in zip(observed, probabilities) {
            let e = p * total
            if e < 5 { pooledObserved += Double(o); pooledExpected += e; continue }
            stat += (Double(o) - e) * (Double(o) - e) / e
            bins += 1
        }
        if pooledExpected > 0 {
            stat += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / max(pooledExpected, 1e-300)
            bins += 1
        }
        return (stat, bins - 1)
    }

    func runChains(_ p: Parameters, temperature: Float, dt: Float, chains: Int, steps: Int, seed: UInt64) -> Matrix {
        let dyn = DenseDynamics(parameters: p, temperature: temperature, dt: dt)
        var x = gaussianMatrix(rows: p.neuronCount, cols: chains, seed: seed, purpose: .sampleInit)
        var work = BatchWorkspace(neurons: p.neuronCount, columns: chains)
        dyn.run(&x, steps: steps, firstStep: 0, noise: NoiseSource(seed: seed, purpose: .samplingNoise), workspace: &work)
        return x
    }

    /// J = 0, b = 0: each neuron is an Ornstein–Uhlenbeck process. Euler–Maruyama x ← (1 − dt)x + √(2T dt) ξ
    /// has the exact stationary variance 2T dt / (1 − (1 − dt)²) = 2T / (2 − dt).
    func testOrnsteinUhlenbeckVarianceIsExact() {
        let n = 3, chains = 4000, t: Float = 0.5, dt: Float = 0.05
        let p = Parameters(couplings: Matrix(rows: n, cols: n))
        let x = runChains(p, temperature: t, dt: dt, chains: chains, steps: 400, seed: 21)
        let values = x.storage.map(Double.init)
        let m = Double(values.count)
        let mean = values.reduce(0, +) / m
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (m - 1)
        let expected = 2 * Double(t) / (2 - Double(dt))
        // Standard errors: mean √(σ²/m), variance σ²√(2/(m−1)); 4 SE each.
        XCTAssertEqual(mean, 0, accuracy: 4 * (expected / m).squareRoot())
        XCTAssertEqual(variance, expected, accuracy: 4 * expected * (2 / (m - 1)).squareRoot())
    }

    /// One neuron with a self-synapse w and bias b: E(x) = ½(x − w tanh x − b)², a non-Gaussian law with
    /// three energy minima for w = 2. Histogram of 20 000 chains against the density integrated numerically.
    func testOneNeuronHistogramMatchesBoltzmannDensity() {
        let w: Float = 2, b: Float = 0.3, t: Float = 0.3
        let p = Parameters(couplings: Matrix(rows: 1, cols: 1, storage: [w]), bias: [b])
        let x = runChains(p, temperature: t, dt: 0.005, chains: 20000, steps: 8000, seed: 7)
        let lo = -4.0, hi = 4.0, bins = 40
        let width = (hi - lo) / Double(bins)
        var observed = [Int](repeating: 0, count: bins)
        for v in x.storage { observed[min(max(Int((Double(v) - lo) / width), 0), bins - 1)] += 1 }
        func density(_ x: Double) -> Double {
            let r = x - Double(w) * Foundation.tanh(x) - Double(b)
            return exp(-0.5 * r * r / Double(t))
        }
        var probabilities = [Double](repeating: 0, count: bins)
        let fine = 200
        var total = 0.0
        for k in 0..<(bins * fine) {
            let xm = lo + (Double(k) + 0.5) * width / Double(fine)
            let d = density(xm)
            probabilities[k / fine] += d
            total += d
        }
        // Mass outside [lo, hi] is below 1e-20 here, so the edge bins need no tail correction.
        probabilities = probabilities.map { $0 / total }
        let (stat, df) = chiSquare(observed: observed, probabilities: probabilities)
        XCTAssertLessThan(stat, chiSquareCritical(df: df), "χ² = \(stat) with \(df) degrees of freedom")
    }

    /// Two neurons with asymmetric couplings and bias: E = ½Σᵢ(xᵢ − Σⱼ Jᵢⱼ tanh xⱼ − bᵢ)². 2-D histogram
    /// against exp(−E/T) integrated on a fine grid.
    func testTwoNeuronAsymmetricHistogramMatchesBoltzmannDensity() {
        let j = Matrix(rows: 2, cols: 2, storage: [0, 1.5, -1.2, 0])
        let bias: [Float] = [0.2, -0.1]
        let t: Float = 0.5
        let p = Parameters(couplings: j, bias: bias)
        let x = runChains(p, temperature: t, dt: 0.005, chains: 20000, steps: 4000, seed: 9)
        let lo = -4.0, hi = 4.0, bins = 12
        let width = (hi - lo) / Double(bins)
        func bin(_ v: Float) -> Int { min(max(Int((Double(v) - lo) / width), 0), bins - 1) }
        var observed = [Int](repeating: 0, count: bins * bins)
        for c in 0..<x.cols { observed[bin(x[0, c]) * bins + bin(x[1, c])] += 1 }
        func energy(_ a: Double, _ b2: Double) -> Double {
            let r0 = a - 1.5 * Foundation.tanh(b2) - Double(bias[0])
            let r1 = b2 + 1.2 * Foundation.tanh(a) - Double(bias[1])
            return 0.5 * (r0 * r0 + r1 * r1)
        }
        var probabilities = [Double](repeating: 0, count: bins * bins)
        let fine = 40
        var total = 0.0
        for u in 0..<(bins * fine) {
            for v in 0..<(bins * fine) {
                let a = lo + (Double(u) + 0.5) * width / Double(fine)
                let c = lo + (Double(v) + 0.5) * width / Double(fine)
                let d = exp(-energy(a, c) / Double(t))
                probabilities[(u / fine) * bins + v / fine] += d
                total += d
            }
        }
        probabilities = probabilities.map { $0 / total }
        let (stat, df) = chiSquare(observed: observed, probabilities: probabilities)
        XCTAssertLessThan(stat, chiSquareCritical(df: df), "χ² = \(stat) with \(df) degrees of freedom")
    }

    /// At T = 0 the dynamics is gradient descent on E: the energy of every chain never increases (for a
    /// small enough dt) and ends near a zero of E or a slow point.
    func testZeroTemperatureDescendsEnergy() {
        var p = Parameters.random(neurons: 20, gain: 1.5, seed: 4, bias: true)
        p.bias = (0..<20).map { Float($0 % 3) * 0.1 }
        let dyn = DenseDynamics(parameters: p, temperature: 0, dt: 0.01)
        var x = gaussianMatrix(rows: 20, cols: 8, seed: 2, purpose: .sampleInit)
        var work = BatchWorkspace(neurons: 20, columns: 8)
        var previous = dyn.energies(of: x)
        for s in 0..<300 {
            dyn.step(&x, &work, step: UInt64(s), noise: NoiseSource(seed: 1, purpose: .samplingNoise))
            let e = dyn.energies(of: x)
            for c in 0..<8 { XCTAssertLessThanOrEqual(e[c], previous[c] * (1 + 1e-5) + 1e-6, "step \(s) chain \(c)") }
            previous = e
        }
    }
}
