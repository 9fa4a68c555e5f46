import DenseKernels
import FileFormats
import Foundation

/// Denoising against corruption level: held-out images with a share of flipped pixels, and with additive
/// noise, restored by the low-temperature dynamics of one trained network (MSE on rates in [−1, 1]).
enum DenoisingExperiment {
    static func run(_ spec: ExperimentSpec, log: (String) -> Void) throws -> String {
        let model = try PaperExperiment.train(try spec.networkSpec(), log: log)
        var t = "# Experiment: denoising against corruption level\n\n"
        let d = model.network.denoising
        t += String(format: "Network `%@` (%.0f s of training); %d held-out images; dynamics at T = %g for %d steps (dt = %g) from the corrupted image; MSE of rates in [−1, 1].\n\n",
                    model.network.name, model.seconds, d.images, d.temperature, d.steps, d.dt)
        var series: [(String, [(Double, Double)])] = []
        var pictures = ""
        t += "| corruption | level | MSE before | MSE after | ratio |\n|---|---|---|---|---|\n"
        for mode in [NetworkSpec.Denoising.Mode.flip, .noise] {
            var denoising = d
            denoising.mode = mode
            denoising.fractions = spec.levels
            let results = Denoiser.run(model.parameters, images: model.data.test, encoding: model.data.encoding, denoising, seed: spec.seed)
            for r in results {
                t += String(format: "| %@ | %.2f | %.3f | %.3f | %.2f |\n", mode == .flip ? "flipped pixels" : "additive noise (σ = 2·level)",
                            r.result.fraction, r.result.mseBefore, r.result.mseAfter, r.result.mseAfter / max(r.result.mseBefore, 1e-12))
            }
            series.append(("\(mode.rawValue): before", results.map { (Double($0.result.fraction), Double($0.result.mseBefore)) }))
            series.append(("\(mode.rawValue): after", results.map { (Double($0.result.fraction), Double($0.result.mseAfter)) }))
            if let middle = results.dropFirst(results.count / 2).first {
                let columns = min(12, middle.original.cols)
                func images(_ m: Matrix) -> [[Float]] { (0..<columns).map { c in (0..<m.rows).map { (m[$0, c] + 1) / 2 } } }
                try Pictures.grid(images(middle.original) + images(middle.corrupted) + images(middle.restored),
                                    width: model.data.test.width, height: model.data.test.height, columns: columns,
                                    to: PaperExperiment.path(spec, "denoise-\(mode.rawValue).png"))
                pictures += String(format: "\n%@ at level %.2f (rows: original, corrupted, restored): ![](denoise-%@.png)\n",
                                   mode.rawValue, middle.result.fraction, mode.rawValue)
            }
        }
        try Pictures.lineChart(title: "Denoising against corruption level", xLabel: "level", yLabel: "MSE", series: series,
                                 to: PaperExperiment.path(spec, "denoising.svg"))
        t += "\n![denoising](denoising.svg)\n" + pictures
        return t
    }
}
