import FileFormats
import Foundation

/// The report of a hypothesis run: what was fixed in advance, the per-seed values, the test and the verdict.
enum HypothesisReport {
    static func write(_ o: HypothesisRun.Outcome, to directory: String) throws {
        let s = o.spec
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        let a = s.arms[0].name, b = s.arms[1].name
        let stat = s.statistic.rawValue

        var csv = "seed,arm,metric,value\n"
        for (k, seed) in o.seeds.enumerated() {
            for (i, arm) in s.arms.enumerated() {
                for metric in HypothesisMetric.allCases {
                    if let v = o.measurements[k][i].values[metric] { csv += "\(seed),\(arm.name),\(metric.rawValue),\(v)\n" }
                }
            }
        }
        try ArrayFiles.writeText(csv, to: path("values.csv"))

        var chart = LineChart(title: "\(stat) per seed", xLabel: "seed", yLabel: stat)
        for (i, arm) in s.arms.enumerated() {
            chart.addSeries(name: arm.name, points: o.seeds.enumerated().map { (Double($1), o.measurements[$0][i].values[s.statistic] ?? .nan) })
        }
        try ArrayFiles.writeText(chart.svg(), to: path("paired.svg"))

        var t = "# Hypothesis: \(s.claim)\n\n"
        if !s.description.isEmpty { t += s.description + "\n\n" }
        t += "## Fixed before the run (\(s.file))\n\n"
        t += "- Baseline network: `\(s.baseline)`; procedure: \(s.procedure.rawValue)"
        if s.procedure == .lyapunov {
            t += String(format: " (T = %g, %d chains, %d transient + %d steps)", s.lyapunov.temperature, s.lyapunov.chains, s.lyapunov.transient, s.lyapunov.steps)
        }
        t += "\n"
        if !s.settings.isEmpty { t += "- Both arms: " + s.settings.map { "`\($0.path)` = \($0.value.text)" }.joined(separator: ", ") + "\n" }
        for (i, arm) in s.arms.enumerated() {
            let set = arm.settings.isEmpty ? "baseline settings" : arm.settings.map { "`\($0.path)` = \($0.value.text)" }.joined(separator: ", ")
            t += "- Arm \(i + 1), **\(arm.name)**: engine \(arm.engine.rawValue); \(set)\n"
        }
        t += "- Statistic: `\(stat)`; effect = \(b) − \(a), paired by seed; \(s.seeds) seeds from \(s.seed)\n"
        switch s.test {
        case .permutation:
            t += "- Test: sign-flip permutation test of the mean difference, \(s.alternative.rawValue), α = \(s.alpha), \(s.permutations) permutations (exact when 2^seeds ≤ that)\n"
        case .equivalence:
            t += "- Test: equivalence by two one-sided t tests on the paired differences, margin ±\(s.margin), α = \(s.alpha)\n"
        }
        t += String(format: "- Interval: %.0f%% bootstrap (BCa) of the mean difference, %d resamples\n\n", 100 * s.level, s.resamples)

        let r = o.analysis
        t += "## Result\n\n"
        t += String(format: "- Effect (%@ − %@): **%.4g**, %.0f%% CI [%.4g, %.4g]; standardised effect d_z = %.2f\n", b, a, r.meanDifference,
                    100 * s.level, r.interval.lower, r.interval.upper, r.standardizedEffect)
        t += String(format: "- p-value: **%.4g** (%@)\n", r.pValue, r.testDescription)
        t += "- Verdict: **\(r.verdict)**\n\n"
        t += "| seed | \(a) | \(b) | difference |\n|---|---|---|---|\n"
        for (k, seed) in o.seeds.enumerated() {
            let va = o.measurements[k][0].values[s.statistic] ?? .nan, vb = o.measurements[k][1].values[s.statistic] ?? .nan
            t += String(format: "| %llu | %.4g | %.4g | %+.4g |\n", seed, va, vb, vb - va)
        }
        t += "\n![\(stat) per seed](paired.svg)\n\n## Every metric (mean ± standard error over seeds)\n\n| metric | \(a) | \(b) |\n|---|---|---|\n"
        for metric in HypothesisMetric.allCases where metric.procedure == s.procedure {
            func summary(_ i: Int) -> String {
                let v = o.measurements.compactMap { $0[i].values[metric] }
                guard v.count > 1 else { return "—" }
                let m = v.reduce(0, +) / Double(v.count)
                let se = (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1) / Double(v.count)).squareRoot()
                return String(format: "%.4g ± %.2g", m, se)
            }
            t += "| \(metric.rawValue)\(metric == s.statistic ? " (tested)" : "") | \(summary(0)) | \(summary(1)) |\n"
        }
        let seconds = o.measurements.flatMap { $0.map(\.seconds) }.reduce(0, +)
        t += String(format: "\nCompute: %.0f s for %d runs. Values of every run: [values.csv](values.csv).\n", seconds, 2 * o.seeds.count)
        if s.procedure == .train {
            t += "\nSamples of the first seed: \(a) ![](samples-arm1.png) \(b) ![](samples-arm2.png)\n"
        }
        try ArrayFiles.writeText(t, to: path("report.md"))
    }
}
