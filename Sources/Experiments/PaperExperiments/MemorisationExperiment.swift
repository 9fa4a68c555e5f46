import Analysis
import DenseKernels
import FileFormats
import Foundation
import LangevinMachine
import Optimization

/// Memorisation → generalisation (the paper's data-size sweep): the same network and number of updates,
/// trained on growing training sets (several runs per size, every run from the same initial couplings, the
/// runs differing in which images they get and in their noise), then sampled; samples are compared with
/// held-out images (AAI, E⁽²⁾) and with the training set (nearest-neighbour distances).
enum MemorisationExperiment {
    static func run(_ spec: ExperimentSpec, quiet: Bool, log: (String) -> Void) throws -> String {
        let base = try spec.networkSpec()
        let shared = Parameters.random(neurons: base.neurons, gain: base.model.gain, seed: spec.seed, bias: false).couplings
        let classifier = PaperExperiment.classifier(spec, base, log: log)
        let progress = RunProgress(label: "memorisation run", total: spec.sizes.count * spec.runs, quiet: quiet)
        var rows: [(size: Int, runs: [PaperExperiment.Quality], quenched: [PaperExperiment.Quality], timeAAI: [(Int, Double)], epochs: Int, batch: Int)] = []
        var done = 0
        for size in spec.sizes {
            let batch = min(size, spec.maxBatch)
            let perEpoch = (size + batch - 1) / batch
            let epochs = (spec.updates + perEpoch - 1) / perEpoch
            var qualities: [PaperExperiment.Quality] = [], quenched: [PaperExperiment.Quality] = []
            var timeAAI: [Int: [Double]] = [:]
            for run in 0..<spec.runs {
                let network = try spec.networkSpec(seed: spec.seed &+ UInt64(run),
                                                   [("data.count", .number(Double(size))), ("training.batchSize", .number(Double(batch))),
                                                    ("training.epochs", .number(Double(epochs))), ("training.learningRateDecay", .number(1))])
                let model = try PaperExperiment.train(network, couplings: shared, log: log)
                var sampling = network.sampling
                sampling.snapshots = Array(Set([10, 100, 1000, 10_000].filter { $0 < sampling.steps } + [sampling.steps])).sorted()
                sampling.trajectoryChains = 0
                let result = Sampler.run(model.parameters, sampling, seed: network.seed)
                let encoding = model.data.encoding
                for (step, states) in result.snapshots {
                    timeAAI[step, default: []].append(PaperExperiment.adversarialAccuracy(samples: PaperExperiment.pixels(states, encoding),
                                                                                          heldOut: PaperExperiment.pixels(model.data.test)).error)
                }
                let samples = PaperExperiment.pixels(result.final, encoding)
                qualities.append(PaperExperiment.quality(samples: samples, data: model.data, classifier: classifier))
                // Quenched: the same states after 300 noise-free steps (T = 0), which removes the thermal noise and
                // leaves each chain near the minimum of its basin — a copy of a training image if it memorised.
                var settled = result.final
                var work = BatchWorkspace(neurons: settled.rows, columns: settled.cols)
                DenseDynamics(parameters: model.parameters, temperature: 0, dt: sampling.dt)
                    .run(&settled, steps: 300, firstStep: 0, noise: NoiseSource(seed: network.seed, purpose: .samplingNoise), workspace: &work)
                quenched.append(PaperExperiment.quality(samples: PaperExperiment.pixels(settled, encoding), data: model.data, classifier: nil))
                if run == 0 {
                    try Pictures.stateGrid(result.final, width: model.data.test.width, height: model.data.test.height,
                                           to: PaperExperiment.path(spec, "samples-size-\(size).png"))
                }
                done += 1
                progress.report(done: done, values: ["size": Double(size), "E_AAI": qualities.last!.aai, "ratio": qualities.last!.ratio,
                                                 "quenched copies": quenched.last!.copies])
            }
            rows.append((size, qualities, quenched, timeAAI.keys.sorted().map { ($0, mean(timeAAI[$0]!)) }, epochs, batch))
        }

        func series(_ value: (PaperExperiment.Quality) -> Double) -> [(Double, Double)] {
            rows.map { (Double($0.size), mean($0.runs.map(value))) }
        }
        try Pictures.lineChart(title: "Memorisation → generalisation: AAI against data size", xLabel: "training images", yLabel: "value",
                                 series: [("E_AAI", series(\.aai)), ("acc_S", series(\.accS)), ("acc_T", series(\.accT))],
                                 logX: true, to: PaperExperiment.path(spec, "aai-vs-size.svg"))
        try Pictures.lineChart(title: "Nearest-neighbour distance to the training set", xLabel: "training images", yLabel: "mean distance (pixels)",
                                 series: [("samples", series(\.sampleToTrain)), ("samples, to image or inverse", series(\.sampleToTrainOrInverse)),
                                          ("quenched samples, to image or inverse", rows.map { (Double($0.size), mean($0.quenched.map(\.sampleToTrainOrInverse))) }),
                                          ("held-out images", series(\.heldOutToTrain))],
                                 logX: true, to: PaperExperiment.path(spec, "distance-vs-size.svg"))
        try Pictures.lineChart(title: "Second-moment error against data size", xLabel: "training images", yLabel: "E⁽²⁾",
                                 series: [("E2", series(\.secondMoment))], logX: true, to: PaperExperiment.path(spec, "e2-vs-size.svg"))
        try Pictures.lineChart(title: "AAI error against generation time", xLabel: "sampling steps", yLabel: "E_AAI",
                                 series: rows.map { ("\($0.size) images", $0.timeAAI.map { (Double($0.0), $0.1) }) },
                                 logX: true, to: PaperExperiment.path(spec, "aai-vs-time.svg"))

        var t = "# Experiment: memorisation → generalisation with data size\n\n"
        t += "Network `\(base.name)` (\(base.neurons) neurons, \(base.data.source.rawValue) digits \(base.data.digits)); \(spec.runs) runs per size from shared initial couplings (seed \(spec.seed)); \(spec.updates) updates per run, batch min(size, \(spec.maxBatch)); samples: \(base.sampling.chains) chains, \(base.sampling.steps) steps at T = \(base.sampling.temperature), compared in pixel space with \(base.data.testCount) held-out images.\n\n"
        t += PaperExperiment.qualityHeader(["images", "epochs × batch"])
        for row in rows {
            var q = PaperExperiment.Quality()
            q.accS = mean(row.runs.map(\.accS)); q.accT = mean(row.runs.map(\.accT)); q.aai = mean(row.runs.map(\.aai))
            q.secondMoment = mean(row.runs.map(\.secondMoment)); q.sampleToTrain = mean(row.runs.map(\.sampleToTrain))
            q.heldOutToTrain = mean(row.runs.map(\.heldOutToTrain)); q.scores = row.runs.first?.scores
            t += "| \(row.size) | \(row.epochs) × \(row.batch) | " + PaperExperiment.qualityCells(q) + " |\n"
        }
        t += "\n(Means over runs; classifier columns from the first run.)\n\nCopies. Distances mix up shape and speckle, so copies are judged by correlation: for every sample the largest |Pearson r| with a training image (|r| also catches inverted copies 1 − p, which an energy that is nearly even in x makes as likely), against the same for held-out images; a *copy* is a sample more correlated with some training image than 95% of held-out images are. Also after quenching the samples (300 noise-free steps to the bottom of their basins):\n\n| images | max abs r, samples | max abs r, held-out | copies | quenched max abs r | quenched copies | quenched distance to image or inverse |\n|---|---|---|---|---|---|---|\n"
        for row in rows {
            t += String(format: "| %d | %.3f | %.3f | %.2f | %.3f | %.2f | %.3f |\n", row.size, mean(row.runs.map(\.sampleCorrelation)), mean(row.runs.map(\.heldOutCorrelation)),
                        mean(row.runs.map(\.copies)), mean(row.quenched.map(\.sampleCorrelation)), mean(row.quenched.map(\.copies)),
                        mean(row.quenched.map(\.sampleToTrainOrInverse)))
        }
        t += "\n"
        try Pictures.lineChart(title: "Copies of training images against data size", xLabel: "training images", yLabel: "share of samples",
                               series: [("copies", series(\.copies)), ("quenched copies", rows.map { (Double($0.size), mean($0.quenched.map(\.copies))) })],
                               logX: true, to: PaperExperiment.path(spec, "copies-vs-size.svg"))
        t += "![copies](copies-vs-size.svg)\n\n"
        t += "![AAI](aai-vs-size.svg)\n\n![distances](distance-vs-size.svg)\n\n![E2](e2-vs-size.svg)\n\n![AAI against generation time](aai-vs-time.svg)\n\n"
        t += "AAI error at each generation time (sampling steps), mean over runs:\n\n| images | " + (rows.first?.timeAAI.map { "\($0.0) steps" }.joined(separator: " | ") ?? "") + " |\n|---|" + String(repeating: "---|", count: rows.first?.timeAAI.count ?? 0) + "\n"
        for row in rows { t += "| \(row.size) | " + row.timeAAI.map { String(format: "%.4f", $0.1) }.joined(separator: " | ") + " |\n" }
        t += "\nSamples (first run): " + rows.map { "\($0.size) images ![](samples-size-\($0.size).png)" }.joined(separator: " ") + "\n"
        return t
    }

    /// Training age: one network trained on the recipe's data, sampled and measured when its update count first
    /// reaches each age (the paper's checkpoints at round(201·1.7^i) updates), with AAI also against
    /// generation time.
    static func age(_ spec: ExperimentSpec, log: @escaping (String) -> Void) throws -> String {
        let network = try spec.networkSpec()
        let data = try ExperimentData.load(network)
        let train = ExperimentData.encode(data.train, data.encoding)
        let classifier = PaperExperiment.classifier(spec, network, log: log)
        let perEpoch = (data.train.count + network.training.batchSize - 1) / network.training.batchSize
        var spec2 = network
        spec2.epochs = (spec.ages.max()! + perEpoch - 1) / perEpoch
        var pending = spec.ages.sorted()
        var rows: [(age: Int, quality: PaperExperiment.Quality, time: [(Int, Double)])] = []
        _ = try TrainingEngine.dense.train(spec2, data: train, initial: TrainingRun.initialParameters(spec2) { train }) { _, updates, p in
            while let next = pending.first, updates >= next {
                pending.removeFirst()
                var sampling = network.sampling
                sampling.snapshots = Array(Set([10, 100, 1000, 10_000].filter { $0 < sampling.steps } + [sampling.steps])).sorted()
                sampling.trajectoryChains = 0
                let result = Sampler.run(p, sampling, seed: network.seed)
                let time = result.snapshots.map { ($0.step, PaperExperiment.adversarialAccuracy(samples: PaperExperiment.pixels($0.states, data.encoding),
                                                                                                 heldOut: PaperExperiment.pixels(data.test)).error) }
                let q = PaperExperiment.quality(samples: PaperExperiment.pixels(result.final, data.encoding), data: data, classifier: classifier)
                rows.append((updates, q, time))
                try Pictures.stateGrid(result.final, width: data.test.width, height: data.test.height, to: PaperExperiment.path(spec, "samples-age-\(updates).png"))
                log(String(format: "age %d updates: E_AAI %.4f, E2 %.2e", updates, q.aai, q.secondMoment))
            }
        }
        try Pictures.lineChart(title: "AAI and E⁽²⁾ against training age", xLabel: "updates", yLabel: "value",
                               series: [("E_AAI", rows.map { (Double($0.age), $0.quality.aai) }), ("acc_T", rows.map { (Double($0.age), $0.quality.accT) }),
                                        ("E2 × 100", rows.map { (Double($0.age), 100 * $0.quality.secondMoment) })],
                               logX: true, to: PaperExperiment.path(spec, "quality-vs-age.svg"))
        try Pictures.lineChart(title: "AAI error against generation time at each training age", xLabel: "sampling steps", yLabel: "E_AAI",
                               series: rows.map { ("\($0.age) updates", $0.time.map { (Double($0.0), $0.1) }) },
                               logX: true, to: PaperExperiment.path(spec, "aai-vs-time.svg"))
        var t = "# Experiment: sample quality against training age\n\n"
        t += "Network `\(network.name)` on \(data.train.count) images, \(network.training.batchSize) per batch (\(perEpoch) updates per epoch); at each age \(network.sampling.chains) chains run \(network.sampling.steps) steps at T = \(network.sampling.temperature).\n\n"
        t += PaperExperiment.qualityHeader(["updates"])
        for row in rows { t += "| \(row.age) | " + PaperExperiment.qualityCells(row.quality) + " |\n" }
        t += "\n![quality](quality-vs-age.svg)\n\n![AAI against generation time](aai-vs-time.svg)\n\n"
        t += "Samples: " + rows.map { "\($0.age) updates ![](samples-age-\($0.age).png)" }.joined(separator: " ") + "\n"
        return t
    }

    static func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(max(v.count, 1)) }
}
