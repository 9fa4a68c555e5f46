import DenseKernels
import FileFormats
import Foundation

/// The summary of a `vpf` MNIST run: the numbers per method, and pictures (features, samples,
/// reconstructions as PNG; learning curves and error against corruption as SVG).
enum VPFReport {
    static func write(_ s: VPFRun.Settings, results: [VPFRun.Result], architecture: BoltzmannArchitecture,
                      test: [Float], testCount: Int) throws -> String {
        func path(_ name: String) -> String { (s.output as NSString).appendingPathComponent(name) }
        func slug(_ name: String) -> String { name.lowercased().replacingOccurrences(of: " ", with: "-") }
        let nv = architecture.visibleCount, side = Int(Double(nv).squareRoot())
        var t = "# Variational probability flow on binarised \(s.dataset)\n\n"
        if !s.description.isEmpty { t += s.description + "\n\n" }
        t += "Architecture: layers \(architecture.layers) (visible first), hidden–hidden links: \(s.intraHidden ? "yes" : "no"). "
        t += "Data: \(s.dataset) from `\(s.dataDirectory)`, \(s.trainLimit) training images, pixels > \(s.threshold) → 1. "
        t += "Every method: \(s.epochs) epochs of minibatches of \(s.batch) (the same number of updates), Adam with weight decay \(s.weightDecay), "
        t += "visible biases started at the logit of the pixel means, couplings N(0, \(s.weightScale)²), seed \(s.seed).\n\n"
        t += "## Log-likelihood (AIS) and cost\n\n"
        t += "| method | learning rate | updates | training time | AIS log Z ± SE | ±3 SE interval of log Z | test log-likelihood (nats/image) ± SE | AIS time |\n|---|---|---|---|---|---|---|---|\n"
        for (r, m) in zip(results, s.methods) {
            let e = r.evaluation
            t += String(format: "| %@ | %g | %d | %.1f s | %.2f ± %.2f | [%.2f, %.2f] | %@ | %.1f s |\n", r.name, m.learningRate, r.updates, r.seconds,
                        e.ais.logPartition, e.ais.standardError, e.ais.lower, e.ais.upper,
                        e.logLikelihood.map { String(format: "%.2f ± %.2f", $0.mean, $0.standardError) } ?? "n/a", e.aisSeconds)
        }
        let first = results.first?.evaluation.ais
        t += "\nAIS: \(first?.chains ?? 0) chains, \(first?.temperatures ?? 0) temperatures linear in β, base distribution = independent units with the data's pixel means, hidden units summed out when they are conditionally independent given v. "
        t += "Log-likelihood = mean log p*(v) over the first \(min(s.testImages, testCount)) test images − log Ẑ; its SE combines the spread over images and the AIS SE. "
        t += "AIS is unbiased for Z, so log Ẑ tends to underestimate log Z and the log-likelihood to be optimistic when the AIS chains mix poorly.\n\n"
        t += "## Reconstruction of corrupted test images\n\n"
        let how: String
        switch s.inference {
        case let .gibbs(burnIn, sweeps): how = "Gibbs sampling of the posterior (one chain per image, \(burnIn) burn-in sweeps, visible firing probabilities averaged over \(sweeps) sweeps)"
        case let .meanField(sweeps): how = "\(sweeps) mean-field sweeps"
        }
        t += "Pixel error rate of the reconstruction thresholded at ½, ± SE over \(min(s.testImages, testCount)) images, by \(how). Occlusion: a square block is erased, the other pixels are clamped, the error counts the erased pixels. Flips: each pixel flipped with probability f (f known, unknown which pixels): the corrupted image enters as evidence, a field (2ṽᵢ − 1) log((1 − f)/f) on each visible unit, and the error counts all pixels. “input” is the error of the corrupted image itself (erased pixels read as 0).\n\n"
        func table(_ title: String, _ rows: (VPFEvaluation.Measurements) -> [(level: Double, rate: Double, se: Double, input: Double)]) -> String {
            guard let reference = results.first.map({ rows($0.evaluation) }), !reference.isEmpty else { return "" }
            var x = "| \(title) | input | " + results.map(\.name).joined(separator: " | ") + " |\n|---|---|" + results.map { _ in "---|" }.joined() + "\n"
            for (k, row) in reference.enumerated() {
                x += String(format: "| %.2f | %.4f | ", row.level, row.input)
                x += results.map { r in let e = rows(r.evaluation)[k]; return String(format: "%.4f ± %.4f", e.rate, e.se) }.joined(separator: " | ") + " |\n"
            }
            return x + "\n"
        }
        t += table("occluded share", { $0.occlusion }) + table("flip probability", { $0.flips })
        var occlusionChart = LineChart(title: "Reconstruction error against occlusion", xLabel: "occluded share of the image", yLabel: "pixel error rate in the block")
        var flipChart = LineChart(title: "Reconstruction error against pixel flips", xLabel: "flip probability", yLabel: "pixel error rate")
        for r in results {
            occlusionChart.addSeries(name: r.name, points: r.evaluation.occlusion.map { ($0.level, $0.rate) })
            flipChart.addSeries(name: r.name, points: r.evaluation.flips.map { ($0.level, $0.rate) })
        }
        if let r = results.first {
            occlusionChart.addSeries(name: "corrupted input", points: r.evaluation.occlusion.map { ($0.level, $0.input) })
            flipChart.addSeries(name: "corrupted input", points: r.evaluation.flips.map { ($0.level, $0.input) })
        }
        try AtomicFile.write(text: occlusionChart.svg(), to: path("reconstruction-occlusion.svg"))
        try AtomicFile.write(text: flipChart.svg(), to: path("reconstruction-flips.svg"))
        t += "![occlusion](reconstruction-occlusion.svg)\n![flips](reconstruction-flips.svg)\n\n"
        t += "## Learning curves\n\n"
        var curve = LineChart(title: "Test reconstruction error during training", xLabel: "updates", yLabel: "mean squared error per pixel (up–down mean field)")
        for r in results { curve.addSeries(name: r.name, points: r.curve.map { (Double($0.update), $0.reconstruction) }) }
        try AtomicFile.write(text: curve.svg(), to: path("learning-reconstruction.svg"))
        t += "![reconstruction error during training](learning-reconstruction.svg)\n"
        for r in results {
            var chart = LineChart(title: "\(r.name): training objective", xLabel: "updates",
                                  yLabel: r.name.hasPrefix("VPF") ? "probability flow K per image" : "squared visible error per image")
            chart.addSeries(name: r.name, points: r.curve.map { (Double($0.update), $0.objective) })
            try AtomicFile.write(text: chart.svg(), to: path("learning-\(slug(r.name)).svg"))
            t += "![\(r.name) objective](learning-\(slug(r.name)).svg)\n"
        }
        t += "\n## Features, samples and reconstructions\n\n"
        t += "Features: the incoming weights of the first \(s.filters) units of the first hidden layer, each image scaled to ±max|W|. Samples: \(s.sampleChains) Gibbs chains from random states after \(s.sampleSweeps) sweeps (visible firing probabilities of the last sweep). Reconstructions: rows of 10 = clean, corrupted, reconstructed (middle occlusion level, then middle flip level).\n\n"
        t += "| method | features | samples | reconstructions |\n|---|---|---|---|\n"
        for r in results {
            let n = r.model.unitCount, hidden = Array(nv..<min(n, nv + s.filters))
            let filters = hidden.map { j in (0..<nv).map { r.model.weights[j, $0] } }
            let scale = max(1e-6, filters.flatMap { $0 }.reduce(0) { max($0, abs($1)) })
            let name = slug(r.name)
            try AtomicFile.write(ImageGrid.png(images: filters, width: side, height: side, columns: 10, scale: 1, range: -scale...scale), to: path("features-\(name).png"))
            try AtomicFile.write(ImageGrid.png(images: r.evaluation.samples, width: side, height: side, columns: 8, scale: 2), to: path("samples-\(name).png"))
            try AtomicFile.write(ImageGrid.png(images: r.evaluation.examples, width: side, height: side, columns: 10, scale: 2), to: path("reconstructions-\(name).png"))
            t += "| \(r.name) | ![](features-\(name).png) | ![](samples-\(name).png) | ![](reconstructions-\(name).png) |\n"
        }
        try AtomicFile.write(text: t, to: path("summary.md"))
        return path("summary.md")
    }
}
