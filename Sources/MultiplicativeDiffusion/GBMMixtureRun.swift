import DenseKernels
import FileFormats
import Foundation
import Optimization
import Statistics

/// The `"mixture"` experiment: a known log-normal mixture target with its exact Hyvärinen score, sampled by
/// both reverse samplers; recovery of weights, log-means and log-stds with standard errors; the ambient
/// sampler's rate of leaving the positive orthant against the number of steps; the event-driven circuit
/// against the dense sampler; a histogram of log-samples.
enum GBMMixtureRun {
    /// Per-component recovery: samples assigned to the component of largest target responsibility.
    struct Recovery {
        var weights: [Double] = [], logMeans: [Double] = [], logStds: [Double] = [], counts: [Int] = []
        var wasserstein = 0.0
        var violationRate = 0.0
    }

    static func recovery(_ result: ReverseSampler.Result, target: LogNormalMixture, reference: [Double]) -> Recovery {
        let k = target.components.count
        var r = Recovery()
        var groups = [[Double]](repeating: [], count: k)
        var valid: [Double] = []
        for (c, v) in result.states.storage.enumerated() where result.firstViolation[c / result.states.cols] == 0 {
            let y = Foundation.log(Double(v))
            valid.append(y)
            let resp = target.responsibilities(logX: y)
            groups[resp.indices.max { resp[$0] < resp[$1] }!].append(y)
        }
        for g in groups {
            let mean = g.isEmpty ? .nan : g.reduce(0, +) / Double(g.count)
            let sd = g.count < 2 ? .nan : (g.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(g.count - 1)).squareRoot()
            r.weights.append(Double(g.count) / Double(max(1, valid.count)))
            r.logMeans.append(mean); r.logStds.append(sd); r.counts.append(g.count)
        }
        r.wasserstein = valid.isEmpty ? .nan : MarginalStatistics.wasserstein1(valid, reference)
        r.violationRate = result.violationRate
        return r
    }

    static func run(_ s: GBMRun.Settings, log: (String) -> Void) throws -> String {
        let target = s.target, p = s.process
        let model = ExactMixtureScore(target: target, process: p)
        let reference = target.sample(count: s.chains, dimension: 1, seed: s.seed &+ 1000).storage.map { Foundation.log(Double($0)) }
        let data = target.sample(count: s.chains, dimension: 1, seed: s.seed)
        let start: Matrix
        var startText: String
        if s.start == "exact" {
            start = ReverseStart.pushed(data, process: p, horizon: s.horizon, seed: s.seed)
            startText = String(format: "the exact terminal law (target samples pushed through GBM to T = %g)", s.horizon)
        } else {
            let fit = ReverseStart.fit(data: data, process: p, horizon: s.horizon)
            start = ReverseStart.logNormal(chains: s.chains, dimension: 1, logMean: fit.logMean, logStd: fit.logStd, seed: s.seed)
            startText = String(format: "a fitted log-normal exp(%.4f + %.4f z)", fit.logMean, fit.logStd)
        }
        var results: [ReverseSampler: ReverseSampler.Result] = [:]
        var seconds: [ReverseSampler: Double] = [:]
        for sampler in ReverseSampler.allCases {
            let clock = Date()
            results[sampler] = sampler.run(model, process: p, schedule: s.schedule, start: start, seed: s.seed &+ 1)
            seconds[sampler] = Date().timeIntervalSince(clock)
            log(String(format: "%@: %d chains × %d updates in %.2f s, %.3f%% left the positive orthant", sampler.rawValue, s.chains,
                       results[sampler]!.updates, seconds[sampler]!, 100 * results[sampler]!.violationRate))
        }
        let recovered = ReverseSampler.allCases.map { recovery(results[$0]!, target: target, reference: reference) }

        var t = "# GBM diffusion: \(s.name)\n\n"
        if !s.description.isEmpty { t += s.description + "\n\n" }
        t += String(format: "Forward process dX = μX dt + σX dW with μ = %g, σ = %g on [0, %g]. Target: log X ~ %@. Exact Hyvärinen score of the noised mixture. ",
                    p.drift, p.volatility, s.horizon, describe(target))
        t += String(format: "%d chains started from %@; %d levels, δ = %g, L = %d, annealing %g, %d refinement steps. Seed %llu.\n\n",
                    s.chains, startText, s.schedule.levels, s.schedule.stepSize, s.schedule.repeats, s.schedule.annealing, s.schedule.refinementSteps, s.seed)
        t += "## Recovery\n\nSamples are assigned to the component of largest target responsibility. Standard errors: weight √(w(1−w)/n), log-mean s/√n_k, log-std s/√(2n_k). Chains that left the positive orthant are excluded.\n\n"
        t += "The last column is the log-std the Dale–Langevin recursion predicts for a component on its own: with the exact score of one log-normal the log-space step is linear, so from the exact terminal law V ← (1 − δσ²/v_τ)²V + a²σ²δ with v_τ = s² + σ²τ (its gap to the target is the discretisation error of the schedule).\n\n"
        t += "| sampler | component | weight (target) | log-mean (target) | log-std (target) | n_k | predicted log-std |\n|---|---|---|---|---|---|---|\n"
        for (sampler, r) in zip(ReverseSampler.allCases, recovered) {
            for (k, c) in target.components.enumerated() {
                let n = Double(max(1, r.counts[k]))
                t += String(format: "| %@ | %d | %.4f ± %.4f (%.2f) | %.4f ± %.4f (%.3f) | %.4f ± %.4f (%.3f) | %d | %.4f |\n", sampler.rawValue, k + 1,
                            r.weights[k], (c.weight * (1 - c.weight) / Double(s.chains)).squareRoot(), c.weight,
                            r.logMeans[k], c.logStd / n.squareRoot(), c.logMean, r.logStds[k], c.logStd / (2 * n).squareRoot(), c.logStd, r.counts[k],
                            predictedLogStd(c, process: p, schedule: s.schedule))
            }
        }
        t += "\n| sampler | W₁ of log-samples to \(reference.count) target log-samples | left the positive orthant | wall time |\n|---|---|---|---|\n"
        let floor = MarginalStatistics.wasserstein1(target.sample(count: s.chains, dimension: 1, seed: s.seed &+ 2000).storage.map { Foundation.log(Double($0)) }, reference)
        for (sampler, r) in zip(ReverseSampler.allCases, recovered) {
            t += String(format: "| %@ | %.4f | %.3f%% | %.2f s |\n", sampler.rawValue, r.wasserstein, 100 * r.violationRate, seconds[sampler]!)
        }
        t += String(format: "| (two independent target samples) | %.4f | — | — |\n\n", floor)

        // Sign violations and recovery against the number of steps (δ = T/N, L = 1, no annealing).
        var violationChart = LineChart(title: "Chains leaving the positive orthant", xLabel: "reverse steps N", yLabel: "share of chains")
        violationChart.logX = true
        var errorChart = LineChart(title: "W₁ of log-samples against the number of steps", xLabel: "reverse steps N", yLabel: "W₁")
        errorChart.logX = true
        errorChart.logY = true
        if !s.stepSweep.isEmpty {
            t += "## Against the number of steps\n\nδ = T/N, L = 1, no annealing, same start. The ambient factor 1 + 2δσ² − δμ + δσ²h + σ√δ z can be ≤ 0; the Dale–Langevin factor is an exponential.\n\n"
            t += "| N | ambient: left orthant (± SE) | ambient W₁ | Dale–Langevin: left orthant | Dale–Langevin W₁ | Dale–Langevin log-stds (predicted) |\n|---|---|---|---|---|---|\n"
            var rates: [(Double, Double)] = [], w1: [ReverseSampler: [(Double, Double)]] = [:]
            for n in s.stepSweep.sorted() {
                let schedule = ReverseSchedule(levels: n, horizon: s.horizon)
                let pair = ReverseSampler.allCases.map { sampler -> Recovery in
                    recovery(sampler.run(model, process: p, schedule: schedule, start: start, seed: s.seed &+ 1), target: target, reference: reference)
                }
                let rate = pair[1].violationRate
                let stds = zip(pair[0].logStds, target.components).map { String(format: "%.3f (%.3f)", $0, predictedLogStd($1, process: p, schedule: schedule)) }
                t += String(format: "| %d | %.3f%% ± %.3f%% | %.4f | %.3f%% | %.4f | %@ |\n", n, 100 * rate, 100 * (rate * (1 - rate) / Double(s.chains)).squareRoot(),
                            pair[1].wasserstein, 100 * pair[0].violationRate, pair[0].wasserstein, stds.joined(separator: ", "))
                rates.append((Double(n), rate))
                w1[.daleLangevin, default: []].append((Double(n), pair[0].wasserstein))
                w1[.ambient, default: []].append((Double(n), pair[1].wasserstein))
                log(String(format: "N = %d: ambient %.3f%% left the orthant", n, 100 * rate))
            }
            violationChart.addSeries(name: "ambient", points: rates)
            violationChart.addSeries(name: "Dale–Langevin", points: rates.map { ($0.0, 0) })
            for sampler in ReverseSampler.allCases { errorChart.addSeries(name: sampler.rawValue, points: w1[sampler]!.filter { $0.1 > 0 && $0.1.isFinite }) }
            errorChart.addSeries(name: "sampling floor", points: rates.map { ($0.0, floor) })
            try AtomicFile.write(text: violationChart.svg(), to: GBMRun.path(s, "violations.svg"))
            try AtomicFile.write(text: errorChart.svg(), to: GBMRun.path(s, "wasserstein.svg"))
            t += "\n![violations](violations.svg)\n\n![W1](wasserstein.svg)\n\n"
        }

        // The event-driven circuit on the first chains.
        if s.circuitChains > 0 {
            let n = min(s.circuitChains, s.chains)
            let few = Matrix(rows: n, cols: 1, storage: Array(start.storage[0..<n]))
            let clock = Date()
            var agents = DaleLangevinAgents(model: model, process: p, schedule: s.schedule, start: few)
            agents.run(seed: s.seed &+ 1)
            let dense = ReverseSampler.daleLangevin.run(model, process: p, schedule: s.schedule, start: few, seed: s.seed &+ 1).states
            let difference = zip(agents.states.storage, dense.storage).map { abs($0 - $1) }.max() ?? 0
            t += String(format: "## Circuit\n\nThe Dale–Langevin sampler on the event-driven engine (one neuron agent per coordinate with a positive state updated multiplicatively, one score unit): %d chains, %d events in %.2f s; largest difference from the dense sampler with the same streams: %g (%@).\n\n",
                        n, agents.eventsHandled, Date().timeIntervalSince(clock), Double(difference), difference == 0 ? "bit for bit" : "not bit for bit")
        }

        // Histogram of log-samples against the target density of log X.
        var chart = LineChart(title: "log-samples against the target", xLabel: "log x", yLabel: "density")
        let lows = target.components.map { $0.logMean - 4 * $0.logStd }, highs = target.components.map { $0.logMean + 4 * $0.logStd }
        let lo = lows.min()!, hi = highs.max()!, bins = 80, width = (hi - lo) / Double(bins)
        let centres = (0..<bins).map { lo + width * (Double($0) + 0.5) }
        chart.addSeries(name: "target", points: centres.map { y in (y, target.density(Foundation.exp(y)) * Foundation.exp(y)) })
        for sampler in ReverseSampler.allCases {
            let r = results[sampler]!
            let logs = r.states.storage.indices.filter { r.firstViolation[$0] == 0 }.map { Foundation.log(Double(r.states.storage[$0])) }
            chart.addSeries(name: sampler.rawValue, points: MarginalStatistics.densityHistogram(logs, from: lo, to: hi, bins: bins, total: r.states.count))
        }
        try AtomicFile.write(text: chart.svg(), to: GBMRun.path(s, "histogram.svg"))
        t += "![histogram](histogram.svg)\n"
        return t
    }

    /// The log-std after the Dale–Langevin schedule for a single log-normal component N(m, s²) with its exact
    /// score, from the exact terminal law: V ← (1 − δσ²/v_τ)²V + a²σ²δ per update, v_τ = s² + σ²τ.
    static func predictedLogStd(_ c: LogNormalMixture.Component, process p: GeometricBrownianMotion, schedule: ReverseSchedule) -> Double {
        let s2 = Double(p.variance), delta = Double(schedule.stepSize), v0 = c.logStd * c.logStd
        var variance = v0 + s2 * Double(schedule.horizon), a = 1.0
        func update(_ tau: Double, _ a: Double) {
            let shrink = 1 - delta * s2 / (v0 + s2 * tau)
            variance = shrink * shrink * variance + a * a * s2 * delta
        }
        for k in stride(from: schedule.levels - 1, through: 0, by: -1) {
            for _ in 0..<schedule.repeats { update(Double(schedule.time(level: k)), a) }
            a *= Double(schedule.annealing)
        }
        for _ in 0..<schedule.refinementSteps { update(Double(schedule.time(level: 0)), 0) }
        return variance.squareRoot()
    }

    static func describe(_ m: LogNormalMixture) -> String {
        m.components.map { String(format: "%.2f·N(%.3f, %.3f²)", $0.weight, $0.logMean, $0.logStd) }.joined(separator: " + ")
    }
}
