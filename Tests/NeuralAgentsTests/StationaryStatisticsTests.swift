import XCTest
import DenseKernels
import LangevinMachine
import NeuralAgents

/// Fully asynchronous agents (Poisson clocks) must sample the same stationary law as the dense synchronous
/// path: means, variances, covariances and the energy distribution agree within standard-error bands.
///
/// Both paths use B independent chains; each chain contributes the average of its values at S sample times
/// (one relaxation time apart), so the B chain averages are independent and their spread gives the standard
/// error of each statistic. The bands are 4.5 combined SEs (two-sided tail 7e-6 per statistic, ≈ 2e-4 for
/// the 31 statistics). The two discretisations differ by O(dt) = 1e-2 relative, well inside the bands
/// (SE ≈ 3–6 %).
final class StationaryStatisticsTests: XCTestCase {
    let n = 6, chains = 256, samples = 8
    let dt: Float = 0.01, temperature: Float = 1

    func model() -> Parameters {
        var p = Parameters.random(neurons: n, gain: 1.0, seed: 11, bias: true)
        p.bias = [0.4, -0.3, 0.2, 0, 0.5, -0.1]
        return p
    }

    /// Per chain, per statistic: the chain's average over the sample times. Statistics: n means, n second
    /// moments, n(n−1)/2 cross moments, mean energy, 4 energy-bin fractions.
    func statistics(of snapshots: [Matrix], energies: [[Float]], bins: [Float]) -> [[Double]] {
        var perChain = [[Double]](repeating: [], count: chains)
        for c in 0..<chains {
            var s = [Double](repeating: 0, count: 2 * n + n * (n - 1) / 2 + 1 + bins.count + 1)
            for (k, x) in snapshots.enumerated() {
                var o = 0
                for i in 0..<n { s[o] += Double(x[i, c]); o += 1 }
                for i in 0..<n { s[o] += Double(x[i, c] * x[i, c]); o += 1 }
                for i in 0..<n { for j in (i + 1)..<n { s[o] += Double(x[i, c] * x[j, c]); o += 1 } }
                let e = energies[k][c]
                s[o] += Double(e); o += 1
                let bin = bins.firstIndex { e < $0 } ?? bins.count
                s[o + bin] += 1
            }
            perChain[c] = s.map { $0 / Double(snapshots.count) }
        }
        return perChain
    }

    func meanAndError(_ perChain: [[Double]], _ k: Int) -> (Double, Double) {
        let v = perChain.map { $0[k] }
        let m = v.reduce(0, +) / Double(v.count)
        let variance = v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)
        return (m, (variance / Double(v.count)).squareRoot())
    }

    func testPoissonClockAgentsMatchDenseStationaryStatistics() {
        let p = model()
        let x0 = gaussianMatrix(rows: n, cols: chains, seed: 5, purpose: .sampleInit)
        let burnIn = 1000, spacing = 100
        // Dense.
        let dense = DenseDynamics(parameters: p, temperature: temperature, dt: dt)
        var work = BatchWorkspace(neurons: n, columns: chains)
        var x = x0
        var denseSnapshots: [Matrix] = []
        dense.run(&x, steps: burnIn, firstStep: 0, noise: NoiseSource(seed: 5, purpose: .samplingNoise), workspace: &work)
        for k in 0..<samples {
            dense.run(&x, steps: spacing, firstStep: UInt64(burnIn + k * spacing), noise: NoiseSource(seed: 5, purpose: .samplingNoise),
                      workspace: &work)
            denseSnapshots.append(x)
        }
        // Agents with Poisson clocks of the same mean interval (different noise: seed 6).
        var config = AgentConfiguration()
        config.temperature = temperature
        config.clock = .poisson(meanInterval: dt)
        config.seed = 6
        var network = AgentNetwork(parameters: p, configuration: config, state: x0)
        network.run(until: Double(burnIn) * Double(dt))
        var eventSnapshots: [Matrix] = []
        for _ in 0..<samples {
            network.run(for: Double(spacing) * Double(dt))
            eventSnapshots.append(network.membranes())
        }
        let denseEnergies = denseSnapshots.map { dense.energies(of: $0) }
        let eventEnergies = eventSnapshots.map { dense.energies(of: $0) }
        // Energy bins: quartiles of the dense energies.
        let sorted = denseEnergies.flatMap { $0 }.sorted()
        let bins = [sorted[sorted.count / 4], sorted[sorted.count / 2], sorted[3 * sorted.count / 4]]
        let a = statistics(of: denseSnapshots, energies: denseEnergies, bins: bins)
        let b = statistics(of: eventSnapshots, energies: eventEnergies, bins: bins)
        for k in 0..<a[0].count {
            let (ma, ea) = meanAndError(a, k), (mb, eb) = meanAndError(b, k)
            let band = 4.5 * (ea * ea + eb * eb).squareRoot()
            XCTAssertEqual(ma, mb, accuracy: band, "statistic \(k): dense \(ma) ± \(ea), agents \(mb) ± \(eb)")
        }
        XCTAssertGreaterThan(network.statistics.neuronUpdates, n * (burnIn + samples * spacing) / 2, "every agent updated about once per dt")
    }
}
