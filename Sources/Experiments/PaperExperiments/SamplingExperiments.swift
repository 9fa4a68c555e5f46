import Analysis
import DenseKernels
import FileFormats
import Foundation
import LangevinMachine

/// The paper's sampling experiments on one trained network: the temperature sweep, one-sample learning and
/// continuous exploration along one long trajectory.
enum SamplingExperiments {
    /// Samples one trained model at every temperature of the file: chains' energy, sample quality (AAI, E⁽²⁾,
    /// distances, classifier scores) and a grid per temperature.
    static func temperature(_ spec: ExperimentSpec, log: (String) -> Void) throws -> String {
        let model = try PaperExperiment.train(try spec.networkSpec(), log: log)
        let classifier = PaperExperiment.classifier(spec, model.network, log: log)
        var t = "# Experiment: sampling temperature\n\n"
        t += String(format: "Network `%@` trained at T = %g for %d epochs (%.0f s); %d chains from N(0, I), %d steps (dt = %g) at each temperature.\n\n",
                    model.network.name, model.network.training.temperature, model.reports.count, model.seconds,
                    model.network.sampling.chains, model.network.sampling.steps, model.network.sampling.dt)
        t += PaperExperiment.qualityHeader(["T", "mean energy"])
        var energy: [(Double, Double)] = [], aai: [(Double, Double)] = [], recognisable: [(Double, Double)] = []
        var pictures = ""
        for temperature in spec.temperatures {
            var sampling = model.network.sampling
            sampling.temperature = temperature
            sampling.snapshots = []
            sampling.trajectoryChains = 0
            let result = Sampler.run(model.parameters, sampling, seed: spec.seed)
            let e = Double(result.energies.last?.mean ?? .nan)
            let q = PaperExperiment.quality(samples: PaperExperiment.pixels(result.final, model.data.encoding), data: model.data, classifier: classifier)
            t += String(format: "| %g | %.2f | ", temperature, e) + PaperExperiment.qualityCells(q) + " |\n"
            energy.append((Double(temperature), e)); aai.append((Double(temperature), q.aai))
            if let s = q.scores { recognisable.append((Double(temperature), s.recognisability)) }
            let name = String(format: "samples-T%g.png", temperature)
            try Pictures.stateGrid(result.final, width: model.data.test.width, height: model.data.test.height, to: PaperExperiment.path(spec, name))
            pictures += String(format: "T = %g ![](%@) ", temperature, name)
            log(String(format: "T = %g: energy %.2f, E_AAI %.4f", temperature, e, q.aai))
        }
        try Pictures.lineChart(title: "Chains' energy against sampling temperature", xLabel: "T", yLabel: "mean E",
                                 series: [("energy", energy), ("N·T/2 (equipartition)", spec.temperatures.map { (Double($0), Double($0) * Double(model.network.neurons) / 2) })],
                                 to: PaperExperiment.path(spec, "energy-vs-T.svg"))
        try Pictures.lineChart(title: "Sample quality against sampling temperature", xLabel: "T", yLabel: "value",
                                 series: [("E_AAI", aai), ("recognisable share", recognisable)], to: PaperExperiment.path(spec, "quality-vs-T.svg"))
        t += "\n![energy](energy-vs-T.svg)\n\n![quality](quality-vs-T.svg)\n\n" + pictures + "\n"
        return t
    }

    /// Learning from a single image: the samples' distance to it against held-out images' distance to it.
    static func oneSample(_ spec: ExperimentSpec, log: (String) -> Void) throws -> String {
        // One update per epoch, so the recipe's per-epoch learning-rate decay is switched off.
        let network = try spec.networkSpec(seed: nil, [("data.count", .number(1)), ("training.batchSize", .number(1)),
                                                       ("training.epochs", .number(Double(spec.updates))),
                                                       ("training.learningRateDecay", .number(1))])
        let model = try PaperExperiment.train(network, log: log)
        let image = PaperExperiment.pixels(model.data.train)
        var sampling = network.sampling
        sampling.snapshots = []
        sampling.trajectoryChains = 0
        let result = Sampler.run(model.parameters, sampling, seed: spec.seed)
        let samples = PaperExperiment.pixels(result.final, model.data.encoding)
        let toImage = NearestNeighbours.search(queries: samples, references: image).distances
        let heldToImage = NearestNeighbours.search(queries: PaperExperiment.pixels(model.data.test), references: image).distances
        // Inverted copies (1 − p) count as copies too when the model has no bias (E(−x) = E(x)).
        let inverted = Matrix(rows: 1, cols: image.cols, storage: image.storage.map { 1 - $0 })
        let toInverted = NearestNeighbours.search(queries: samples, references: inverted).distances
        let m = { (v: [Float]) in v.reduce(0) { $0 + Double($1) } / Double(max(v.count, 1)) }
        let copies = zip(toImage, toInverted).filter { min($0, $1) < Float(0.5 * m(heldToImage)) }.count
        try Pictures.grid([model.data.train.image(0)], width: model.data.train.width, height: model.data.train.height,
                            to: PaperExperiment.path(spec, "training-image.png"))
        try Pictures.stateGrid(result.final, width: model.data.test.width, height: model.data.test.height, to: PaperExperiment.path(spec, "samples.png"))
        var t = "# Experiment: one-sample learning\n\n"
        t += String(format: "Network `%@` trained on one image (digit %d) for %d updates (%.0f s, final mismatch %.3e); %d chains, %d steps at T = %g.\n\n",
                    network.name, model.data.train.labels[0], spec.updates, model.seconds, model.reports.last?.mismatch ?? Float.nan,
                    sampling.chains, sampling.steps, sampling.temperature)
        t += "| quantity | value |\n|---|---|\n"
        t += String(format: "| mean distance sample → training image | %.3f |\n| mean distance sample → inverted image | %.3f |\n| mean distance held-out image → training image | %.3f |\n| samples within half that distance of the image or its inverse | %d of %d |\n",
                    m(toImage), m(toInverted), m(heldToImage), copies, samples.rows)
        t += "\nTraining image ![](training-image.png) samples ![](samples.png)\n"
        return t
    }

    /// One long trajectory at the sampling temperature: classifier label of every frame, dwell times and
    /// transitions between digit classes, and the trajectory projected on the data's two leading principal
    /// components.
    static func exploration(_ spec: ExperimentSpec, log: (String) -> Void) throws -> String {
        let model = try PaperExperiment.train(try spec.networkSpec(), log: log)
        var sampling = model.network.sampling
        sampling.chains = 1
        sampling.steps = spec.steps
        sampling.snapshots = []
        sampling.trajectoryChains = 1
        sampling.trajectoryEvery = spec.every
        let result = Sampler.run(model.parameters, sampling, seed: spec.seed)
        let n = model.network.neurons
        let frames = Matrix(rows: result.trajectorySteps.count, cols: n, storage: result.trajectory)
        let framePixels = Matrix(rows: frames.rows, cols: n, storage: frames.storage.map { min(max(model.data.encoding.decode($0), 0), 1) })
        let pca = try PrincipalComponents(data: PaperExperiment.pixels(model.data.train), components: 2)
        let projected = pca.project(framePixels), dataProjected = pca.project(PaperExperiment.pixels(model.data.test))
        var chart = ScatterChart(title: "Trajectory on the data's first two principal components", xLabel: "PC 1", yLabel: "PC 2")
        chart.addPoints(name: "held-out images", points: (0..<dataProjected.rows).map { (Double(dataProjected[$0, 0]), Double(dataProjected[$0, 1])) })
        chart.addPoints(name: "trajectory frames", points: (0..<projected.rows).map { (Double(projected[$0, 0]), Double(projected[$0, 1])) })
        try ArrayFiles.writeText(chart.svg(), to: PaperExperiment.path(spec, "trajectory-pca.svg"))
        let pick = (0..<36).map { $0 * max(frames.rows - 1, 1) / 35 }
        try Pictures.grid(pick.map { Array(framePixels.storage[($0 * n)..<(($0 + 1) * n)]) }, width: model.data.test.width,
                            height: model.data.test.height, to: PaperExperiment.path(spec, "frames.png"))
        var t = "# Experiment: continuous exploration\n\n"
        t += String(format: "Network `%@` (%.0f s of training); one chain for %d steps at T = %g (dt = %g), a frame every %d steps (%d frames). PCA of the training images: PC 1 and 2 explain %.1f%% and %.1f%% of the variance.\n\n",
                    model.network.name, model.seconds, spec.steps, sampling.temperature, sampling.dt, spec.every, frames.rows,
                    100 * pca.explainedVarianceRatio[0], 100 * pca.explainedVarianceRatio[1])
        if let classifier = PaperExperiment.classifier(spec, model.network, log: log) {
            let p = classifier.probabilities(framePixels)
            let labels = ClassExploration.labels(probabilities: p, threshold: 0.9)
            let e = ClassExploration.analyse(labels: labels)
            let confident = labels.compactMap { $0 }.count
            t += "Frames classified with probability ≥ 0.9: \(confident) of \(labels.count); classes visited: \(e.visitedClasses.map(String.init).joined(separator: ", ")); class switches: \(e.switches).\n\n"
            t += "| class | visits | mean dwell (frames) | mean dwell (time) |\n|---|---|---|---|\n"
            for c in e.visitedClasses {
                t += String(format: "| %d | %d | %.1f | %.2f |\n", c, e.visits[c], e.meanDwell[c], e.meanDwell[c] * Double(spec.every) * Double(sampling.dt))
            }
            t += "\nTransitions (row → column): \n\n| from \\ to | " + e.visitedClasses.map(String.init).joined(separator: " | ") + " |\n|---|" + String(repeating: "---|", count: e.visitedClasses.count) + "\n"
            for a in e.visitedClasses { t += "| \(a) | " + e.visitedClasses.map { String(e.transitions[a][$0]) }.joined(separator: " | ") + " |\n" }
            t += "\n"
        } else {
            t += "(No classifier: the images are not 28 × 28 or MNIST is absent, so frames are not labelled.)\n\n"
        }
        t += "![trajectory](trajectory-pca.svg)\n\nFrames along the trajectory: ![](frames.png)\n"
        return t
    }
}
