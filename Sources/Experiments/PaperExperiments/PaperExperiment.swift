import Analysis
import Datasets
import DenseKernels
import FileFormats
import Foundation
import LangevinMachine
import Optimization

/// `nlm experiment <file>`: the experiments of the NLM paper, each a file under `Networks/experiments/`,
/// each writing `report.md` with its numbers, SVG plots and PNG grids into its output directory.
public enum PaperExperiment {
    public static let names = ExperimentSpec.Kind.allCases.map(\.rawValue)

    public static func run(file: String, outputDirectory: String?, quiet: Bool) throws -> String {
        var spec = try ExperimentSpec.read(path: file)
        if let outputDirectory { spec.outputDirectory = outputDirectory }
        _ = try spec.networkSpec()                       // a bad recipe fails before any work
        try ArrayFiles.createDirectory(spec.outputDirectory)
        let log: (String) -> Void = { if !quiet { RunProgress.log($0) } }
        var text: String
        switch spec.kind {
        case .memorisation: text = try MemorisationExperiment.run(spec, quiet: quiet, log: log)
        case .age: text = try MemorisationExperiment.age(spec, log: log)
        case .temperature: text = try SamplingExperiments.temperature(spec, log: log)
        case .oneSample: text = try SamplingExperiments.oneSample(spec, log: log)
        case .exploration: text = try SamplingExperiments.exploration(spec, log: log)
        case .denoising: text = try DenoisingExperiment.run(spec, log: log)
        }
        if !spec.description.isEmpty { text = text.replacingOccurrences(of: "\n\n", with: "\n\n\(spec.description)\n\n", options: [], range: text.range(of: "\n\n")) }
        let report = path(spec, "report.md")
        try ArrayFiles.writeText(text, to: report)
        return report
    }

    static func path(_ spec: ExperimentSpec, _ name: String) -> String {
        (spec.outputDirectory as NSString).appendingPathComponent(name)
    }

    /// A network trained by the dense trainer, with its data.
    struct TrainedModel {
        var network: NetworkSpec
        var data: ExperimentData
        var parameters: Parameters
        var reports: [EpochReport]
        var seconds: Double
    }

    /// Trains `network` (from `couplings` if given — shared initial couplings — else its own initial ones).
    static func train(_ network: NetworkSpec, couplings: Matrix? = nil, log: (String) -> Void) throws -> TrainedModel {
        let start = Date()
        let data = try ExperimentData.load(network)
        let train = ExperimentData.encode(data.train, data.encoding)
        var initial = TrainingRun.initialParameters(network) { train }
        if let couplings { initial.couplings = couplings }
        let (p, reports) = try TrainingEngine.dense.train(network, data: train, initial: initial)
        let seconds = Date().timeIntervalSince(start)
        log(String(format: "trained %@ on %d images: %d epochs, final mismatch %.3e (%.0f s)", network.name, data.train.count,
                   reports.count, reports.last?.mismatch ?? .nan, seconds))
        return TrainedModel(network: network, data: data, parameters: p, reports: reports, seconds: seconds)
    }

    /// States (N × B) as images: the data's encoding decoded to pixels in [0, 1], one image per row (B × N).
    static func pixels(_ states: Matrix, _ encoding: PixelEncoding) -> Matrix {
        Matrix(rows: states.cols, cols: states.rows, storage: states.transposed().storage.map { min(max(encoding.decode($0), 0), 1) })
    }

    static func pixels(_ images: ImageSet) -> Matrix {
        Matrix(rows: images.count, cols: images.pixelsPerImage, storage: images.pixels)
    }

    /// The MNIST digit classifier for 28 × 28 images, from the cache or trained on MNIST (nil when the
    /// images are another size or MNIST is not where the network file says).
    static func classifier(_ spec: ExperimentSpec, _ network: NetworkSpec, log: (String) -> Void) -> DigitClassifier? {
        guard network.neurons == 784, let directory = try? ExperimentData.resolve(network.data.path, relativeTo: network.file) else { return nil }
        if !FileManager.default.fileExists(atPath: spec.classifier) { log("training the MNIST digit classifier (cached at \(spec.classifier))") }
        return try? DigitClassifier.cached(mnistDirectory: directory, cacheFile: spec.classifier, quiet: true)
    }

    /// One row of sample-quality numbers against held-out images (pixels): AAI, E⁽²⁾, nearest-neighbour
    /// distances to the training set, and classifier scores when a classifier is available.
    struct Quality {
        var accS = 0.0, accT = 0.0, aai = 0.0, secondMoment = 0.0
        var sampleToTrain = 0.0, heldOutToTrain = 0.0
        /// Mean distance from each sample to the nearest training image or inverted training image (1 − p):
        /// while E is nearly even in x (little data, a weak bias), inverted copies are copies too.
        var sampleToTrainOrInverse = 0.0
        /// Mean over samples (held-out images) of the largest |correlation| with a training image.
        var sampleCorrelation = 0.0, heldOutCorrelation = 0.0
        /// Copies: share of samples more correlated (in |r|) with some training image than 95% of held-out images
        /// are with any training image.
        var copies = 0.0
        var scores: SampleScores?
        var ratio: Double { sampleToTrain / max(heldOutToTrain, 1e-12) }
    }

    /// The nearest-neighbour adversarial accuracy of samples (pixels, one per row) against as many held-out
    /// images (the first min(samples, held-out) of each).
    static func adversarialAccuracy(samples: Matrix, heldOut: Matrix) -> (accS: Double, accT: Double, error: Double) {
        let n = min(samples.rows, heldOut.rows)
        func first(_ m: Matrix) -> Matrix { Matrix(rows: n, cols: m.cols, storage: Array(m.storage[0..<(n * m.cols)])) }
        return AdversarialAccuracy.evaluate(real: first(heldOut), generated: first(samples))
    }

    /// - Parameter copyMeasures: also the inverted-copy distances and the correlation-based copy counts
    ///   (two more nearest-neighbour searches); without them those fields stay 0.
    static func quality(samples: Matrix, data: ExperimentData, classifier: DigitClassifier?, copyMeasures: Bool = true) -> Quality {
        let heldOut = pixels(data.test), train = pixels(data.train)
        var q = Quality()
        let a = adversarialAccuracy(samples: samples, heldOut: heldOut)
        (q.accS, q.accT, q.aai) = (a.accS, a.accT, a.error)
        q.secondMoment = SecondMomentError.between(real: heldOut, generated: samples)
        let toTrain = NearestNeighbours.search(queries: samples, references: train).distances
        let heldToTrain = NearestNeighbours.search(queries: heldOut, references: train).distances
        q.sampleToTrain = toTrain.reduce(0) { $0 + Double($1) } / Double(toTrain.count)
        q.heldOutToTrain = heldToTrain.reduce(0) { $0 + Double($1) } / Double(heldToTrain.count)
        guard copyMeasures else {
            if let classifier { q.scores = try? SampleScores.evaluate(samples: samples, classifier: classifier, reference: heldOut) }
            return q
        }
        let inverted = Matrix(rows: train.rows, cols: train.cols, storage: train.storage.map { 1 - $0 })
        let toInverse = NearestNeighbours.search(queries: samples, references: inverted).distances
        let either = zip(toTrain, toInverse).map { Double(min($0, $1)) }
        q.sampleToTrainOrInverse = either.reduce(0, +) / Double(either.count)
        let sampleR = NearestNeighbours.largestCorrelation(queries: samples, references: train)
        let heldR = NearestNeighbours.largestCorrelation(queries: heldOut, references: train).sorted()
        let threshold = heldR[min(heldR.count - 1, Int(0.95 * Double(heldR.count)))]
        q.sampleCorrelation = sampleR.reduce(0) { $0 + Double($1) } / Double(sampleR.count)
        q.heldOutCorrelation = heldR.reduce(0) { $0 + Double($1) } / Double(heldR.count)
        q.copies = Double(sampleR.filter { $0 > threshold }.count) / Double(sampleR.count)
        if let classifier { q.scores = try? SampleScores.evaluate(samples: samples, classifier: classifier, reference: heldOut) }
        return q
    }

    /// The header of a table of ``qualityCells(_:)`` rows, after the given leading columns.
    static func qualityHeader(_ leading: [String] = []) -> String {
        let columns = leading + ["acc_S", "acc_T", "E_AAI", "E⁽²⁾", "NN dist. sample→train", "held-out→train", "ratio", "recognisable", "FD", "class shares 0–9"]
        return "| " + columns.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: columns.count) + "\n"
    }

    static func qualityCells(_ q: Quality) -> String {
        var s = String(format: "%.3f | %.3f | %.4f | %.2e | %.3f | %.3f | %.3f", q.accS, q.accT, q.aai, q.secondMoment,
                       q.sampleToTrain, q.heldOutToTrain, q.ratio)
        if let c = q.scores {
            let shares = c.classShares.map { String(format: "%.2f", $0) }.joined(separator: " ")
            s += String(format: " | %.2f | %.1f | %@", c.recognisability, c.frechetDistance, shares)
        } else {
            s += " | — | — | —"
        }
        return s
    }
}
