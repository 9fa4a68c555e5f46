import DenseKernels
import Foundation
import XCTest
import ProbabilityFlow

final class AnnealedImportanceSamplingTests: XCTestCase {
    /// The ±3 SE interval of AIS covers the enumerated log Z, and its error bar is small, for an RBM (14 units),
    /// a fully visible machine (12) and a DBM with hidden–hidden links (14).
    func testAISErrorBarsCoverExactLogPartition() {
        let models = [
            TestModels.random(.restricted(visible: 9, hidden: 5), scale: 1, seed: 51),
            TestModels.random(.fullyVisible(12), scale: 0.5, seed: 52),
            TestModels.random(.deep(visible: 6, hidden: [4, 4], intraHidden: true), scale: 0.8, seed: 53),
        ]
        for (k, m) in models.enumerated() {
            let exact = ExactEnumeration.logPartition(m)
            let a = AnnealedImportanceSampling.baseBias(units: m.unitCount, visibleMeans: [Float](repeating: 0.5, count: m.visibleCount))
            let e = AnnealedImportanceSampling.logPartition(m, baseBias: a, temperatures: 300, chains: 400, seed: 54 + UInt64(k))
            print(String(format: "AIS model %d (%d units): exact log Z %.4f, AIS %.4f ± %.4f, 3-SE interval [%.4f, %.4f]",
                         k, m.unitCount, exact, e.logPartition, e.standardError, e.lower, e.upper))
            XCTAssertLessThanOrEqual(e.lower, exact, "model \(k): AIS \(e.logPartition) ± \(e.standardError), exact \(exact)")
            XCTAssertGreaterThanOrEqual(e.upper, exact, "model \(k): AIS \(e.logPartition) ± \(e.standardError), exact \(exact)")
            XCTAssertLessThan(e.standardError, 0.05, "model \(k)")
            if k == 0 {
                // The same RBM with the hidden units summed out of the weights (Salakhutdinov & Murray).
                let marginal = AnnealedImportanceSampling.logPartition(m, baseBias: a, temperatures: 300, chains: 400, seed: 60, marginalizeHidden: true)
                print(String(format: "AIS model 0, hidden summed out: %.4f ± %.4f", marginal.logPartition, marginal.standardError))
                XCTAssertLessThanOrEqual(marginal.lower, exact)
                XCTAssertGreaterThanOrEqual(marginal.upper, exact)
                XCTAssertLessThan(marginal.standardError, e.standardError, "summing the hidden units out lowers the variance")
            }
        }
    }

    /// Long Gibbs runs reproduce the exact second moments of a DBM with hidden–hidden links within 4 SE.
    func testGibbsSamplerMatchesExactMoments() {
        let a = BoltzmannArchitecture.deep(visible: 4, hidden: [3, 3], intraHidden: true)
        let m = TestModels.random(a, scale: 0.8, seed: 61)
        let n = m.unitCount, chains = 200, sweeps = 100
        let exact = TestModels.moments(ExactEnumeration.logProbabilities(m), units: n)
        var x = GibbsSampler.randomStates(units: n, chains: chains, seed: 62)
        GibbsSampler.run(m, states: &x, sweeps: 20, seed: 63, purpose: .samplingNoise)
        // Per-chain means (chains are independent; sweeps within a chain are correlated), SE from their spread.
        var perChain = [Double](repeating: 0, count: chains * n * n)
        for t in 0..<sweeps {
            GibbsSampler.sweep(m, states: &x, seed: 63, purpose: .samplingNoise, step: 20 + UInt64(t))
            for c in 0..<chains {
                for i in 0..<n where x[i, c] == 1 { for j in 0..<n where x[j, c] == 1 { perChain[(c * n + i) * n + j] += 1 / Double(sweeps) } }
            }
        }
        for e in 0..<(n * n) {
            let values = (0..<chains).map { perChain[$0 * n * n + e] }
            let mean = values.reduce(0, +) / Double(chains)
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(chains - 1)).squareRoot()
            XCTAssertEqual(mean, exact[e], accuracy: 4 * sd / Double(chains).squareRoot() + 1e-4, "moment \(e / n),\(e % n)")
        }
    }
}
