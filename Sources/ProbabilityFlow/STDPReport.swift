import FileFormats
import Foundation
import Statistics

/// The summary of an STDP run: the window (SVG and a CSV of numbers), the expected window, and the
/// permutation test of its asymmetry.
enum STDPReport {
    /// Sign-flip test of the asymmetry: trial k's difference is the mean over lags 0 < Δt ≤ D of
    /// Δw_k(+Δt) − Δw_k(−Δt) (independent trials, so under a symmetric window each difference is symmetric about 0).
    static func asymmetry(_ w: STDPRun.Window, upDuration: Double, permutations: Int, seed: UInt64)
        -> (differences: [Double], mean: Double, se: Double, pValue: Double) {
        let positive = w.lags.indices.filter { w.lags[$0] > 1e-9 && w.lags[$0] <= upDuration + 1e-9 }
        let trials = w.values[0].count
        let d = (0..<trials).map { k in
            positive.reduce(0.0) { sum, index in
                let mirror = w.lags.firstIndex { abs($0 + w.lags[index]) < 1e-9 }!
                return sum + w.values[index][k] - w.values[mirror][k]
            } / Double(max(1, positive.count))
        }
        let mean = d.reduce(0, +) / Double(d.count)
        let se = (d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(d.count - 1) / Double(d.count)).squareRoot()
        let p = PermutationTest.signFlip(d, alternative: .twoSided, permutations: permutations, seed: seed).pValue
        return (d, mean, se, p)
    }

    static func write(_ s: STDPRun.Settings, windows: [STDPRun.Window], seconds: Double) throws -> String {
        func path(_ name: String) -> String { (s.output as NSString).appendingPathComponent(name) }
        let p = s.protocolSettings
        var t = "# STDP window of the asymmetric probability-flow rule (event-driven engine)\n\n"
        if !s.description.isEmpty { t += s.description + "\n\n" }
        t += String(format: "Two binary agents, pre → post with W = %g (reverse %g), post bias %g; both clamped (data): pre on for D = %g from T₀, post on for D from T₀ + Δt. Each agent updates on its own Poisson clock (mean %g) and its incoming synapse applies the flow rule ΔW = −η Fᵢ s̃ⱼ (η = %g) at every update; pre's state reaches post after the transmission delay. Δw is the total change of W over a trial, in units of η; %d trials (independent clocks) per lag; %.1f s.\n\n",
                    p.weight, p.reverseWeight, p.postBias, p.upDuration, p.meanInterval, p.learningRate, s.trials, seconds)
        var chart = LineChart(title: "STDP window of the asymmetric flow rule", xLabel: "Δt = t_post − t_pre", yLabel: "Δw / η")
        var csv = "delay,lag,mean,standard_error,expected\n"
        for w in windows {
            var q = p
            q.delay = w.delay
            let mean = w.mean, se = w.standardError
            chart.addSeries(name: String(format: "measured, delay %g", w.delay), points: zip(w.lags, mean).map { ($0, $1) })
            chart.addSeries(name: String(format: "expected, delay %g", w.delay), points: w.lags.map { ($0, STDPWindow.expected(q, lag: $0)) })
            for k in w.lags.indices {
                csv += String(format: "%g,%g,%.6g,%.6g,%.6g\n", w.delay, w.lags[k], mean[k], se[k], STDPWindow.expected(q, lag: w.lags[k]))
            }
        }
        try AtomicFile.write(text: chart.svg(), to: path("stdp-window.svg"))
        try AtomicFile.write(text: csv, to: path("stdp-window.csv"))
        t += "![STDP window](stdp-window.svg)\n\nNumbers: [stdp-window.csv](stdp-window.csv).\n\n"
        t += "## Asymmetry: pre-before-post against post-before-pre\n\n"
        t += "| delay | mean Δw/η, pre before post (0 < Δt ≤ D) | mean Δw/η, post before pre (−D ≤ Δt < 0) | asymmetry (paired per trial) ± SE | p (sign-flip, two-sided) | asymmetric at α = \(s.alpha)? |\n|---|---|---|---|---|---|\n"
        for w in windows {
            let mean = w.mean
            let pre = w.lags.indices.filter { w.lags[$0] > 1e-9 && w.lags[$0] <= p.upDuration + 1e-9 }
            let post = w.lags.indices.filter { w.lags[$0] < -1e-9 && w.lags[$0] >= -p.upDuration - 1e-9 }
            let a = asymmetry(w, upDuration: p.upDuration, permutations: s.permutations, seed: s.seed)
            t += String(format: "| %g | %+.3f | %+.3f | %+.3f ± %.3f | %.4g | %@ |\n", w.delay,
                        pre.reduce(0.0) { $0 + mean[$1] } / Double(max(1, pre.count)),
                        post.reduce(0.0) { $0 + mean[$1] } / Double(max(1, post.count)),
                        a.mean, a.se, a.pValue, a.pValue < s.alpha ? "yes" : "no")
        }
        t += "\nExpected window (derived in `STDPWindow`): E[Δw]/η = (1/τ)[½e^{−½(w+b)}·overlap − ½e^{½(w+b)}·(D − overlap)], overlap = max(0, D − |Δt − delay|): a coincidence (Hebbian) window centred at Δt = delay. "
        t += "The timing asymmetry comes from the transmission delay alone — with delay 0 the window is symmetric (the control row). Unlike biological STDP the window does not return to zero at large |Δt|: an unanswered presynaptic up-state is depressed (post off while pre on).\n"
        try AtomicFile.write(text: t, to: path("summary.md"))
        return path("summary.md")
    }
}
