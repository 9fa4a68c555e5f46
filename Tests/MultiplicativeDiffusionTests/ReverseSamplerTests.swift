import DenseKernels
import Foundation
import MultiplicativeDiffusion
import XCTest

/// An adversarial score: independent N(0, scale²) values that change with the time and the update.
struct RandomScore: HyvarinenScoreModel {
    let dimension: Int
    let scale: Float
    let seed: UInt64
    func hyvarinenScore(_ x: Matrix, time tau: Float) -> Matrix {
        let s = RandomStream(seed: seed, stream: UInt64(tau.bitPattern))
        return Matrix(rows: x.rows, cols: x.cols, storage: (0..<x.count).map { scale * s.gaussian(UInt64($0)) })
    }
}

final class ReverseSamplerTests: XCTestCase {
    /// Property: for random scores (standard deviation up to 5), steps δ ∈ [1e-4, 0.3], σ ∈ [0, 1.5], μ ∈ [0, 2],
    /// annealing factors in [0.5, 1] and refinement steps, every Dale–Langevin state stays positive and finite
    /// (the log-state stays far inside Float's range ±87). The ambient sampler, given the same draws, leaves the
    /// orthant in some trials (so the check can fail).
    func testDaleLangevinNeverLeavesPositiveOrthant() {
        let u = RandomStream(seed: 11, stream: 1)
        var ambientViolations = 0
        for trial in 0..<200 {
            let v = { (k: Int) in Float(u.uniform(UInt64(8 * trial + k))) }
            let model = RandomScore(dimension: 3, scale: 5 * v(0), seed: UInt64(trial))
            let delta = Float(Foundation.exp(Foundation.log(1e-4) + Double(v(1)) * Foundation.log(3e3)))
            let schedule = ReverseSchedule(levels: 1 + Int(3 * v(2)), stepSize: delta, repeats: 1 + Int(2 * v(3)),
                                           annealing: 0.5 + 0.5 * v(4), refinementSteps: Int(3 * v(5)))
            let process = GeometricBrownianMotion(drift: 2 * v(6), volatility: 1.5 * v(7))
            let start = ReverseStart.logNormal(chains: 20, dimension: 3, logMean: 0, logStd: 2, seed: UInt64(trial))
            let dale = ReverseSampler.daleLangevin.run(model, process: process, schedule: schedule, start: start, seed: UInt64(trial))
            XCTAssert(dale.states.storage.allSatisfy { $0 > 0 && $0.isFinite }, "trial \(trial): δ = \(delta)")
            XCTAssertEqual(dale.violationRate, 0)
            let ambient = ReverseSampler.ambient.run(model, process: process, schedule: schedule, start: start, seed: UInt64(trial))
            if ambient.violationRate > 0 { ambientViolations += 1 }
        }
        XCTAssertGreaterThan(ambientViolations, 10)
    }

    /// gbm.md §5.3: with the exact score of a log-normal target (log-mean 0.2, log-std 0.15) and the exact
    /// terminal start, the ambient sampler with N = 5 levels leaves the positive orthant in a few per cent of
    /// 20 000 chains (≥ 20 chains required, far above zero), fewer with N = 20, and Dale–Langevin never.
    func testAmbientSamplerLeavesOrthantAtMeasurableRate() {
        let target = LogNormalMixture.logNormal(logMean: 0.2, logStd: 0.15)
        let process = GeometricBrownianMotion.paper
        let model = ExactMixtureScore(target: target, process: process)
        let start = ReverseStart.pushed(target.sample(count: 20_000, dimension: 1, seed: 1), process: process, horizon: 1, seed: 2)
        let coarse = ReverseSampler.ambient.run(model, process: process, schedule: ReverseSchedule(levels: 5), start: start, seed: 3)
        let fine = ReverseSampler.ambient.run(model, process: process, schedule: ReverseSchedule(levels: 20), start: start, seed: 3)
        let dale = ReverseSampler.daleLangevin.run(model, process: process, schedule: ReverseSchedule(levels: 5), start: start, seed: 3)
        XCTAssertGreaterThanOrEqual(coarse.violationRate * 20_000, 20)
        XCTAssertLessThan(fine.violationRate, coarse.violationRate)
        XCTAssertEqual(dale.violationRate, 0)
    }

    /// The log-space reverse step with the exact score of N(m, s²) is linear, y ← y − δσ²(y − m_τ)/v_τ − δ(μ − σ²/2)
    /// + σ√δ z with v_τ = s² + σ²τ, so the sampled log-mean M and log-variance V obey
    /// M ← M − δσ²(M − m_τ)/v_τ − δ(μ − σ²/2) and V ← (1 − δσ²/v_τ)²V + σ²δ from the exact terminal law.
    /// 20 000 chains must match that prediction within 4 standard errors.
    func testExactScoreRecoversLogNormalTarget() {
        for (process, levels) in [(GeometricBrownianMotion.paper, 200), (GeometricBrownianMotion(drift: 0.1, volatility: 0.6), 100)] {
            let m = 0.2, s = 0.15, n = 20_000
            let target = LogNormalMixture.logNormal(logMean: m, logStd: s)
            let schedule = ReverseSchedule(levels: levels)
            let start = ReverseStart.pushed(target.sample(count: n, dimension: 1, seed: 4), process: process, horizon: 1, seed: 5)
            let result = ReverseSampler.daleLangevin.run(ExactMixtureScore(target: target, process: process), process: process,
                                                         schedule: schedule, start: start, seed: 6)
            let delta = Double(schedule.stepSize), s2 = Double(process.variance), drift = Double(process.logDrift)
            var mean = m + drift, variance = s * s + s2
            for k in stride(from: levels - 1, through: 0, by: -1) {
                let tau = Double(schedule.time(level: k)), v = s * s + s2 * tau
                mean += -delta * s2 * (mean - (m + drift * tau)) / v - delta * drift
                variance = (1 - delta * s2 / v) * (1 - delta * s2 / v) * variance + s2 * delta
            }
            let y = result.states.storage.map { Foundation.log(Double($0)) }
            let sampleMean = y.reduce(0, +) / Double(n)
            let sampleVariance = y.reduce(0) { $0 + ($1 - sampleMean) * ($1 - sampleMean) } / Double(n - 1)
            // The start is an exact terminal sample, so its own sampling error (variance (s² + σ²)/n, contracted) adds
            // to the run's; 4 standard errors of the pooled variance bound both.
            XCTAssertEqual(sampleMean, mean, accuracy: 4 * (2 * variance / Double(n)).squareRoot())
            XCTAssertEqual(sampleVariance, variance, accuracy: 4 * variance * (4 / Double(n - 1)).squareRoot())
        }
    }

    /// Two-component mixture, weights 0.3/0.7, log-means −0.2/0.5, log-stds 0.1/0.12 (7 joint standard deviations
    /// apart, so the midpoint assigns modes with error < 1e-4), exact score, N = 400 levels, 10 000 chains. Weight
    /// within 4 binomial standard errors; each component's log-mean within 4 standard errors; each log-std within
    /// 4 standard errors plus twice the discretisation inflation the linear recursion predicts for that component alone.
    func testExactScoreRecoversLogNormalMixture() {
        let components = [LogNormalMixture.Component(weight: 0.3, logMean: -0.2, logStd: 0.1),
                          LogNormalMixture.Component(weight: 0.7, logMean: 0.5, logStd: 0.12)]
        let target = LogNormalMixture(components)
        let process = GeometricBrownianMotion.paper
        let n = 10_000, levels = 400
        let schedule = ReverseSchedule(levels: levels)
        let start = ReverseStart.pushed(target.sample(count: n, dimension: 1, seed: 7), process: process, horizon: 1, seed: 8)
        let result = ReverseSampler.daleLangevin.run(ExactMixtureScore(target: target, process: process), process: process,
                                                     schedule: schedule, start: start, seed: 9)
        let y = result.states.storage.map { Foundation.log(Double($0)) }
        let low = y.filter { $0 < 0.15 }, high = y.filter { $0 >= 0.15 }
        let w = Double(low.count) / Double(n)
        XCTAssertEqual(w, 0.3, accuracy: 4 * (0.3 * 0.7 / Double(n)).squareRoot())
        let delta = Double(schedule.stepSize), s2 = Double(process.variance)
        for (values, c) in [(low, components[0]), (high, components[1])] {
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
            var variance = c.logStd * c.logStd + s2
            for k in stride(from: levels - 1, through: 0, by: -1) {
                let v = c.logStd * c.logStd + s2 * Double(schedule.time(level: k))
                variance = (1 - delta * s2 / v) * (1 - delta * s2 / v) * variance + s2 * delta
            }
            let inflation = variance.squareRoot() - c.logStd
            XCTAssertEqual(mean, c.logMean, accuracy: 4 * c.logStd / Double(values.count).squareRoot())
            XCTAssertEqual(sd, c.logStd, accuracy: 4 * c.logStd / (2 * Double(values.count)).squareRoot() + 2 * abs(inflation))
        }
    }

    /// The event-driven circuit (one agent per coordinate, one score unit) reproduces the dense Dale–Langevin
    /// sampler bit for bit, including repeats, annealing and refinement; a seed fixes the result.
    func testAgentsMatchDenseSamplerBitForBit() {
        let target = LogNormalMixture([.init(weight: 0.4, logMean: 0.1, logStd: 0.2), .init(weight: 0.6, logMean: 0.6, logStd: 0.1)])
        let process = GeometricBrownianMotion.paper
        let model = ExactMixtureScore(target: target, process: process, dimension: 3)
        let schedule = ReverseSchedule(levels: 20, repeats: 2, annealing: 0.97, refinementSteps: 3)
        let start = ReverseStart.logNormal(chains: 5, dimension: 3, logMean: 0.3, logStd: 0.8, seed: 1)
        let dense = ReverseSampler.daleLangevin.run(model, process: process, schedule: schedule, start: start, seed: 2)
        var agents = DaleLangevinAgents(model: model, process: process, schedule: schedule, start: start)
        agents.run(seed: 2)
        XCTAssertEqual(agents.states, dense.states)
        XCTAssertEqual(agents.eventsHandled, (20 * 2 + 3) * 4)
        let again = ReverseSampler.daleLangevin.run(model, process: process, schedule: schedule, start: start, seed: 2)
        XCTAssertEqual(again.states, dense.states)
        let other = ReverseSampler.daleLangevin.run(model, process: process, schedule: schedule, start: start, seed: 3)
        XCTAssertNotEqual(other.states, dense.states)
    }

    /// The fitted log-normal start of data from log X₀ ~ N(m, s²) is exp(m + (μ − σ²/2)T + √(s² + σ²T) z): the fit's
    /// location within 4 standard errors s/√n, its scale within 4 standard errors of s² (s²√(2/n)) on the variance,
    /// and the started states have that law (same bounds, with the start's own sampling error).
    func testFittedStartMatchesTerminalLogNormal() {
        let process = GeometricBrownianMotion(drift: 0.5, volatility: 0.6), m = 0.3, s = 0.2, n = 20_000
        let data = LogNormalMixture.logNormal(logMean: m, logStd: s).sample(count: n, dimension: 1, seed: 12)
        let fit = ReverseStart.fit(data: data, process: process, horizon: 2)
        XCTAssertEqual(Double(fit.logMean), m + Double(process.logDrift) * 2, accuracy: 4 * s / Double(n).squareRoot())
        let v = s * s + process.logVariance(time: 2)
        XCTAssertEqual(Double(fit.logStd * fit.logStd), v, accuracy: 4 * s * s * (2 / Double(n)).squareRoot())
        let start = ReverseStart.logNormal(chains: n, dimension: 1, logMean: fit.logMean, logStd: fit.logStd, seed: 13)
        let y = start.storage.map { Foundation.log(Double($0)) }
        let mean = y.reduce(0, +) / Double(n)
        XCTAssertEqual(mean, Double(fit.logMean), accuracy: 4 * v.squareRoot() / Double(n).squareRoot())
        XCTAssertEqual(y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1), Double(fit.logStd * fit.logStd),
                       accuracy: 4 * v * (2 / Double(n - 1)).squareRoot())
    }
}
