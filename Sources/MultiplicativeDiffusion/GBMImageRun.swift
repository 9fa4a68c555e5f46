import Analysis
import Datasets
import DenseKernels
import FileFormats
import Foundation
import Optimization

/// The `"images"` experiment: MNIST digits with pixels shifted to [1, 2] (as the authors do, so every log is
/// finite), a time-conditioned ``ScoreNetwork`` trained by multiplicative denoising score matching with Adam,
/// samples from both reverse samplers (clamped to [1, 2] and shifted back), a PNG grid of each, and a report:
/// nearest-neighbour distances to the training images against held-out images' distances, and the scores of
/// the project's MNIST digit classifier (recognisability, class shares, Fréchet distance of its features).
enum GBMImageRun {
    static func run(_ s: GBMRun.Settings, file: String, quiet: Bool, log: (String) -> Void) throws -> String {
        let train = try MNIST.load(directory: s.dataDirectory, split: .train, digits: s.digits, limit: s.limit)
        let test = try MNIST.load(directory: s.dataDirectory, split: .test, digits: s.digits)
        let d = train.pixelsPerImage
        let data = Matrix(rows: train.count, cols: d, storage: train.pixels.map { $0 + 1 })
        // Per-pixel mean and variance of log x₀ (input scaling and the Gaussian skip of the network).
        var centres = [Double](repeating: 0, count: d), squares = [Double](repeating: 0, count: d)
        for (e, v) in data.storage.enumerated() { let y = Foundation.log(Double(v)); centres[e % d] += y; squares[e % d] += y * y }
        let n = Double(data.rows)
        let variances = (0..<d).map { Float(max(0, squares[$0] / n - (centres[$0] / n) * (centres[$0] / n))) }
        var model = ScoreNetwork(dimension: d, hidden: s.hidden, timeFeatures: s.timeFeatures, process: s.process,
                                 logCentres: centres.map { Float($0 / n) }, logVariances: variances, gaussianSkip: s.gaussianSkip, seed: s.seed)
        log(String(format: "%d training images (%@), network %@ with %d parameters", train.count,
                   s.digits.map { "digits " + $0.map(String.init).joined(separator: ",") } ?? "all digits",
                   ([d + s.timeFeatures] + s.hidden + [d]).map(String.init).joined(separator: "→"), model.parameterCount))

        // Training.
        let progress = RunProgress(label: "gbm train", total: s.steps, quiet: quiet)
        let clock = Date()
        let every = max(1, min(200, s.steps / 20))
        let losses = MultiplicativeScoreMatching.train(&model, data: data, steps: s.steps, batchSize: s.batchSize, levels: s.trainingLevels,
                                                       rule: UpdateRule.named(s.optimizer, learningRate: s.learningRate, weightDecay: 0)!, weighting: s.weighting,
                                                       finalFraction: s.finalFraction, seed: s.seed, reportEvery: every) { done, loss in
            progress.report(done: done, values: ["loss": loss], work: Double(done * s.batchSize), unit: "images")
        }
        let trainingSeconds = Date().timeIntervalSince(clock)
        // The trained score network, layer by layer (weights l: outputs × inputs; biases l), for the user's own use.
        for (l, w) in model.weights.enumerated() {
            try NPY.write(floats: w.storage, shape: [w.rows, w.cols], to: GBMRun.path(s, "score-weights-\(l).npy"))
            try NPY.write(floats: model.biases[l], shape: [model.biases[l].count], to: GBMRun.path(s, "score-biases-\(l).npy"))
        }

        // Sampling with both samplers from the same start.
        let start: Matrix
        var startText: String
        if s.start == "fitted" {
            let fit = ReverseStart.fit(data: data, process: s.process, horizon: s.horizon)
            start = ReverseStart.logNormal(chains: s.samples, dimension: d, logMean: fit.logMean, logStd: fit.logStd, seed: s.seed)
            startText = String(format: "i.i.d. log-normal pixels exp(%.4f + %.4f z), fitted to the terminal marginal (the authors' MNIST values: 0.1565, 0.8353)", fit.logMean, fit.logStd)
        } else {
            let rows = Matrix(rows: s.samples, cols: d, storage: (0..<(s.samples * d)).map { data.storage[($0 / d) % data.rows * d + $0 % d] })
            start = ReverseStart.pushed(rows, process: s.process, horizon: s.horizon, seed: s.seed)
            startText = "the first training images pushed through GBM to T (an oracle start, not a generative one)"
        }
        let reference = Matrix(rows: test.count, cols: d, storage: test.pixels)
        let trainPixels = Matrix(rows: train.count, cols: d, storage: train.pixels)
        let classifier: DigitClassifier?
        do {
            if !FileManager.default.fileExists(atPath: s.classifier) { log("training the MNIST digit classifier (cached at \(s.classifier))") }
            classifier = try DigitClassifier.cached(mnistDirectory: s.dataDirectory, cacheFile: s.classifier, quiet: true)
        } catch {
            log("no digit classifier: \(error)")
            classifier = nil
        }
        let heldOut = Matrix(rows: min(reference.rows, 1000), cols: d, storage: Array(reference.storage[0..<(min(reference.rows, 1000) * d)]))
        let heldOutDistances = NearestNeighbours.search(queries: heldOut, references: trainPixels).distances

        var t = "# GBM diffusion: \(s.name)\n\n"
        if !s.description.isEmpty { t += s.description + "\n\n" }
        t += String(format: "MNIST %@: %d training images, pixels p ∈ [0, 1] shifted to x₀ = p + 1 ∈ [1, 2]. Forward GBM μ = %g, σ = %g, T = %g. ",
                    s.digits.map { "digits " + $0.map(String.init).joined(separator: ", ") } ?? "(all digits)", train.count,
                    s.process.drift, s.process.volatility, s.horizon)
        t += String(format: "Score network: MLP %@ (SiLU, %d sinusoidal time features, %d parameters), output ε̂ with h = −1 − ε̂/(σ√τ); inputs scaled per pixel by the data's log-mean and log-variance%@. ",
                    ([d + s.timeFeatures] + s.hidden + [d]).map(String.init).joined(separator: " → "), s.timeFeatures, model.parameterCount,
                    s.gaussianSkip ? "; Gaussian skip: the layers learn the residual to the independent-pixel log-normal denoiser κ_i(τ)u_i" : "")
        t += String(format: "M-DSM with %@ weighting, τ uniform on {1, …, %d}/%d; Adam lr %g decaying linearly to %g×, batch %d, %d steps in %@ (%.1f min).\n\n",
                    s.weighting == .hyvarinen ? "the authors' (σ²τ)²" : "uniform noise-prediction", s.trainingLevels - 1, s.trainingLevels,
                    s.learningRate, s.finalFraction, s.batchSize, s.steps, RunProgress.duration(trainingSeconds), trainingSeconds / 60)
        t += String(format: "Final training loss (mean of the last %d steps): %.4f; first block: %.4f.\n\n", every, losses.last ?? .nan, losses.first ?? .nan)
        t += String(format: "Sampling: %d chains from %@; %d levels, δ = %g, L = %d, annealing %g, %d noise-free refinement steps; samples clamped to [1, 2] and shifted back.\n\n",
                    s.samples, startText, s.schedule.levels, s.schedule.stepSize, s.schedule.repeats, s.schedule.annealing, s.schedule.refinementSteps)
        let schedules = [("main", s.schedule)] + s.extraSchedules
        for (name, schedule) in s.extraSchedules {
            t += String(format: "Schedule `%@`: %d levels, δ = %g, L = %d, annealing %g, %d refinement steps.\n\n", name, schedule.levels,
                        schedule.stepSize, schedule.repeats, schedule.annealing, schedule.refinementSteps)
        }
        t += "| schedule | sampler | time | left positive orthant | NN distance sample → train (mean, median) | held-out → train (mean) | ratio | recognisable (p ≥ 0.9) | class balance | FD (classifier features) | class shares 0–9 |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
        var images: [String] = []
        let heldMean = heldOutDistances.reduce(0) { $0 + Double($1) } / Double(heldOutDistances.count)
        for (name, schedule) in schedules {
            for sampler in ReverseSampler.allCases {
                let label = name == "main" ? sampler.rawValue : "\(sampler.rawValue)-\(name)"
                let clock = Date()
                let result = sampler.run(model, process: s.process, schedule: schedule, start: start, seed: s.seed &+ 1)
                let seconds = Date().timeIntervalSince(clock)
                let pixels = Matrix(rows: s.samples, cols: d, storage: result.states.storage.map { v in v.isFinite ? min(max(v, 1), 2) - 1 : 0 })
                try AtomicFile.write(ImageGrid.png(images: (0..<pixels.rows).map { Array(pixels.storage[($0 * d)..<(($0 + 1) * d)]) },
                                                   width: MNIST.side, height: MNIST.side, columns: 10, scale: 1), to: GBMRun.path(s, "samples-\(label).png"))
                let distances = NearestNeighbours.search(queries: pixels, references: trainPixels).distances.map(Double.init)
                let mean = distances.reduce(0, +) / Double(distances.count), median = distances.sorted()[distances.count / 2]
                var row = String(format: "| %@ | %@ | %@ | %.1f%% | %.3f, %.3f | %.3f | %.3f |", name, sampler.rawValue, RunProgress.duration(seconds),
                                 100 * result.violationRate, mean, median, heldMean, mean / heldMean)
                if let classifier, let scores = try? SampleScores.evaluate(samples: pixels, classifier: classifier, reference: reference) {
                    row += String(format: " %.1f%% | %.3f | %.1f | %@ |", 100 * scores.recognisability, scores.balance, scores.frechetDistance,
                                  scores.classShares.map { String(format: "%.2f", $0) }.joined(separator: " "))
                } else {
                    row += " — | — | — | — |"
                }
                t += row + "\n"
                log(String(format: "%@: %d samples in %.1f s; NN distance %.3f (held-out %.3f)", label, s.samples, seconds, mean, heldMean))
                images.append(label)
            }
        }
        t += String(format: "\nNearest-neighbour distances are Euclidean in pixel space ([0, 1], 784 pixels) to the %d training images; held-out: the first %d test images of the same digits. A ratio near 1 means samples are as far from the training set as unseen digits are (no copying); FD floor for two disjoint halves of the MNIST test set is about 16 (5000 images each) and grows for small sets.\n\n",
                         train.count, heldOut.rows)
        for label in images { t += "![\(label) samples](samples-\(label).png)\n" }
        var chart = LineChart(title: "M-DSM training loss", xLabel: "step", yLabel: "loss")
        chart.logY = true
        chart.addSeries(name: "mean over \(every) steps", points: losses.enumerated().map { (Double(($0 + 1) * every), $1) })
        try AtomicFile.write(text: chart.svg(), to: GBMRun.path(s, "loss.svg"))
        t += "\n![loss](loss.svg)\n"
        return t
    }
}
