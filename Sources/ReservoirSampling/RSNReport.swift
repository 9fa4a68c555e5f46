import DenseKernels
import FileFormats
import Foundation
import Statistics

/// The report of an RSN run: the numbers of every network, histograms or scatter plots against the target,
/// the learned score against the true one (1-D), and the reservoir-size sweep.
enum RSNReport {
    static func write(_ s: RSNRun.Settings, fits: [RSNRun.Fit], sweep: [RSNRun.Fit], reference: Matrix, levels: [Float]) throws {
        func path(_ name: String) -> String { (s.output as NSString).appendingPathComponent(name) }
        func label(_ f: RSNRun.Fit) -> String {
            switch f.architecture {
            case .reservoir: return "RSN (N = \(f.neurons))"
            case .synapticCurrent: return "sampler-only, synaptic currents"
            case .firingRate: return "sampler-only, firing rates"
            }
        }
        let d = s.target.dimension
        var t = "# Reservoir sampler: \(s.target.rawValue)\n\n"
        t += String(format: "Target `%@` (d = %d); φ = %@; DSM with %d levels σ = %g → %g, %d Adam steps per level (lr %g, weight decay %g), batch %d; %d chains from N(0, %g²), %d Euler–Maruyama steps of dt = %g (the RSN through its full reservoir circuit, the others as their own Langevin dynamics); compared with %d target samples.\n\n",
                    s.target.rawValue, d, s.nonlinearity.rawValue, s.levels, s.sigmaMax, s.sigmaMin, s.stepsPerLevel, s.learningRate, s.weightDecay,
                    s.batch, s.chains, s.initialSpread, s.steps, s.dt, reference.rows)
        if s.refitSamples > 0 {
            t += String(format: "After training, the reservoir's read-out W_out was re-solved in closed form (ridge %g) on %d fresh target samples at σ_min, keeping the trained W₂ and b.\n\n", s.ridge, s.refitSamples)
        }
        t += "| network | DSM loss at σ_min | MMD² | p (permutation, \(s.permutations)) | distinguishable at α = \(s.alpha)? | W₁ per marginal | excess kurtosis per marginal |\n|---|---|---|---|---|---|---|\n"
        let targetKurtosis = (0..<d).map { j in MarginalStatistics.excessKurtosis((0..<reference.rows).map { Double(reference[$0, j]) }) }
        for f in fits {
            t += String(format: "| %@ | %.4f | %.2e | %.3f | %@ | %@ | %@ |\n", label(f), f.losses.last ?? .nan, f.mmd.mmd2, f.mmd.pValue,
                        f.mmd.pValue < s.alpha ? "yes" : "no", f.wasserstein.map { String(format: "%.3f", $0) }.joined(separator: ", "),
                        f.kurtosis.map { String(format: "%.2f", $0) }.joined(separator: ", "))
        }
        t += "| target samples | — | — | — | — | — | " + targetKurtosis.map { String(format: "%.2f", $0) }.joined(separator: ", ") + " |\n\n"
        t += String(format: "MMD uses the Gaussian kernel with the median-heuristic bandwidth (h = %.3f here).\n\n", fits[0].mmd.bandwidth)
        if d == 1 {
            // Histograms as densities on [−3, 3], bins of 0.1, and the learned scores against the true score.
            var chart = LineChart(title: "Samples against the target density", xLabel: "x", yLabel: "density")
            let grid = (0..<60).map { -3 + 0.1 * (Double($0) + 0.5) }
            chart.addSeries(name: "target", points: grid.map { ($0, TargetDistribution.twoPeakDensity($0)) })
            for f in fits {
                var counts = [Double](repeating: 0, count: 60)
                for k in 0..<f.samples.rows { let b = Int(((Double(f.samples[k, 0]) + 3) / 0.1).rounded(.down)); if b >= 0 && b < 60 { counts[b] += 1 } }
                chart.addSeries(name: label(f), points: zip(grid, counts).map { ($0, $1 / (Double(f.samples.rows) * 0.1)) })
            }
            try AtomicFile.write(Array(chart.svg().utf8), to: path("histogram.svg"))
            var scores = LineChart(title: "Learned score against the true score", xLabel: "x", yLabel: "d log p / dx")
            let xs = (0..<61).map { -3 + 0.1 * Double($0) }
            scores.addSeries(name: "true score", points: xs.map { ($0, TargetDistribution.twoPeakScore($0)) })
            for f in fits {
                let s = f.model.score(Matrix(rows: xs.count, cols: 1, storage: xs.map { Float($0) }))
                scores.addSeries(name: label(f), points: xs.enumerated().map { ($1, Double(s.storage[$0])) })
            }
            try AtomicFile.write(Array(scores.svg().utf8), to: path("score.svg"))
            t += "![histogram](histogram.svg)\n\n![score](score.svg)\n\n"
        } else {
            for (k, f) in fits.enumerated() {
                var chart = ScatterChart(title: "\(label(f)) against the target", xLabel: "x₁", yLabel: "x₂")
                chart.equalAspect = true
                chart.pointRadius = 1
                chart.addPoints(name: "target", points: (0..<min(reference.rows, 1000)).map { (Double(reference[$0, 0]), Double(reference[$0, 1])) })
                chart.addPoints(name: label(f), points: (0..<min(f.samples.rows, 1000)).map { (Double(f.samples[$0, 0]), Double(f.samples[$0, 1])) })
                try AtomicFile.write(Array(chart.svg().utf8), to: path("samples-\(k).svg"))
                t += "![\(label(f))](samples-\(k).svg)\n"
            }
            t += "\n"
        }
        var losses = LineChart(title: "DSM loss at the end of each noise level", xLabel: "σ", yLabel: "loss")
        losses.logX = true
        losses.logY = true
        for f in fits + sweep { losses.addSeries(name: label(f), points: zip(levels, f.losses).map { (Double($0), $1) }) }
        try AtomicFile.write(Array(losses.svg().utf8), to: path("loss.svg"))
        t += "![DSM loss per level](loss.svg)\n\n"
        if !sweep.isEmpty {
            t += "## Reservoir size\n\n| N | DSM loss at σ_min | MMD² | p |\n|---|---|---|---|\n"
            for f in sweep { t += String(format: "| %d | %.4f | %.2e | %.3f |\n", f.neurons, f.losses.last ?? .nan, f.mmd.mmd2, f.mmd.pValue) }
            t += "\n"
        }
        try AtomicFile.write(Array(t.utf8), to: path("report.md"))
    }
}
