import DenseKernels
import FileFormats
import Foundation
import Statistics

/// The report of an RSN run: the numbers of every network, histograms or scatter plots against the target,
/// the learned score against the true one (1-D), and the reservoir-size sweep.
enum RSNReport {
    static func write(_ s: RSNRun.Settings, target: RSNTarget, fits: [RSNRun.Fit], sweep: [RSNRun.Fit], reference: Matrix, levels: [Float]) throws {
        func path(_ name: String) -> String { (s.output as NSString).appendingPathComponent(name) }
        func label(_ f: RSNRun.Fit) -> String {
            switch f.architecture {
            case .reservoir: return "RSN (N = \(f.neurons))"
            case .synapticCurrent: return "sampler-only, synaptic currents"
            case .firingRate: return "sampler-only, firing rates"
            }
        }
        let d = s.target.dimension
        var t = "# Reservoir sampler: \(target.name)\n\n"
        t += String(format: "Target `%@` (d = %d); φ = %@; DSM with %d levels σ = %g → %g, %d Adam steps per level (lr %g, weight decay %g), batch %d; %d chains from N(0, %g²), %d Euler–Maruyama steps of dt = %g (the RSN through its full reservoir circuit, the others as their own Langevin dynamics); compared with %d target samples.\n\n",
                    target.name, d, s.nonlinearity.rawValue, s.levels, s.sigmaMax, s.sigmaMin, s.stepsPerLevel, s.learningRate, s.weightDecay,
                    s.batch, s.chains, s.initialSpread, s.steps, s.dt, reference.rows)
        if s.schedule.antithetic || s.schedule.finalLearningRateFactor != 1 {
            t += String(format: "Noise drawn in antithetic pairs (ε, −ε): %@; learning rate decayed geometrically to %g× its initial value over the run.\n\n",
                        s.schedule.antithetic ? "yes" : "no", s.schedule.finalLearningRateFactor)
        }
        if s.refitSamples > 0 {
            t += String(format: "After training, the reservoir's read-out W_out was re-solved in closed form (ridge %g) on %d fresh target samples at σ_min, keeping the trained W₂ and b.\n\n", s.ridge, s.refitSamples)
        }
        t += "| network | DSM loss at σ_min | MMD² | p (permutation, \(s.permutations)) | distinguishable at α = \(s.alpha)? | W₁ per marginal | excess kurtosis per marginal |\n|---|---|---|---|---|---|---|\n"
        // The samples themselves, for the user's own analysis: one .npy (chains × d) per network.
        for (k, f) in fits.enumerated() {
            try NPY.write(floats: f.samples.storage, shape: [f.samples.rows, d], to: path("samples-\(k).npy"))
            // The trained network: reservoir W_out (d × N), W₂ (N × d), b (N); sampler-only W (d × d), b (d).
            try NPY.write(floats: f.model.w1.storage, shape: [f.model.w1.rows, f.model.w1.cols], to: path("model-\(k)-w1.npy"))
            if f.model.w2.count > 0 { try NPY.write(floats: f.model.w2.storage, shape: [f.model.w2.rows, f.model.w2.cols], to: path("model-\(k)-w2.npy")) }
            try NPY.write(floats: f.model.bias, shape: [f.model.bias.count], to: path("model-\(k)-bias.npy"))
        }
        try NPY.write(floats: reference.storage, shape: [reference.rows, d], to: path("target-samples.npy"))
        let targetKurtosis = (0..<d).map { j in MarginalStatistics.excessKurtosis((0..<reference.rows).map { Double(reference[$0, j]) }) }
        for f in fits {
            t += String(format: "| %@ | %.4f | %.2e | %.3f | %@ | %@ | %@ |\n", label(f), f.losses.last ?? .nan, f.mmd.mmd2, f.mmd.pValue,
                        f.mmd.pValue < s.alpha ? "yes" : "no", f.wasserstein.map { String(format: "%.3f", $0) }.joined(separator: ", "),
                        f.kurtosis.map { String(format: "%.2f", $0) }.joined(separator: ", "))
        }
        t += "| target samples | — | — | — | — | — | " + targetKurtosis.map { String(format: "%.2f", $0) }.joined(separator: ", ") + " |\n\n"
        t += "Samples: samples-0.npy (the RSN), samples-1.npy … (the sampler-only networks, in the table's order), target-samples.npy; the trained networks: model-K-w1.npy (W_out or W), model-K-w2.npy (W₂, the RSN only), model-K-bias.npy.\n\n"
        t += String(format: "MMD uses the Gaussian kernel with the median-heuristic bandwidth (h = %.3f here).\n\n", fits[0].mmd.bandwidth)
        if d == 1 {
            // Histograms as densities on [−3, 3], bins of 0.1, and the learned scores against the true score.
            var chart = LineChart(title: "Samples against the target density", xLabel: "x", yLabel: "density")
            let grid = (0..<60).map { -3 + 0.1 * (Double($0) + 0.5) }
            chart.addSeries(name: "target", points: grid.map { ($0, TargetDistribution.twoPeakDensity($0)) })
            for f in fits {
                chart.addSeries(name: label(f), points: MarginalStatistics.densityHistogram(f.samples.storage.map(Double.init), from: -3, to: 3, bins: 60))
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
        if case .projected(let images) = target {
            // Samples back in pixel space: 64 of each network and 64 held-out test images, through the same components.
            for (k, f) in fits.enumerated() {
                let shown = Matrix(rows: min(64, f.samples.rows), cols: d, storage: Array(f.samples.storage.prefix(min(64, f.samples.rows) * d)))
                try AtomicFile.write(ImageGrid.png(images: images.images(shown), width: images.width, height: images.height, columns: 8, scale: 2),
                                     to: path("samples-\(k).png"))
                t += "![\(label(f))](samples-\(k).png) "
            }
            let shown = Matrix(rows: min(64, reference.rows), cols: d, storage: Array(reference.storage.prefix(min(64, reference.rows) * d)))
            try AtomicFile.write(ImageGrid.png(images: images.images(shown), width: images.width, height: images.height, columns: 8, scale: 2),
                                 to: path("target.png"))
            t += "![held-out test images through the same components](target.png)\n\n"
            t += String(format: "Pictures: samples-0.png is the RSN, samples-1.png … the sampler-only networks, target.png held-out test images projected on the same %d components (they explain %.1f%% of the pixel variance). Coordinates are whitened component scores.\n\n",
                        d, 100 * images.components.explainedVarianceRatio.reduce(0, +))
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
