import Analysis
import DenseKernels
import FileFormats
import Foundation
import LangevinMachine

extension Commands {
    static let evaluate = Command(
        name: "evaluate", usage: "<model> [options]",
        summary: "Measure a trained model against its data: AAI, second-moment error, nearest-neighbour distances to training and held-out images, classifier scores (recognisability, class shares, Fréchet distance) and denoising MSE.",
        options: [
            .init("samples", "FILE.npy", "states to evaluate, N × B as `nlm sample` writes (default: sample the model now)"),
            .init("network", "FILE.json", "network file naming the data (default: the one the model was trained from)"),
            .init("chains", "C", "chains when sampling (default 200)"),
            .init("steps", "S", "steps when sampling (default 3000)"),
            .init("temperature", "T", "sampling temperature (default: the network's sampling temperature)"),
            .init("classifier", "FILE", "digit classifier cache (default runs/mnist-classifier.nlmdigit; trained on MNIST if absent)"),
            .init("out", "DIR", "where evaluation.md goes (default: the model's directory)"),
            threadsOption,
            helpOption,
        ]) { a in
            let path = try a.requirePositional(["model"])[0]
            try applyThreads(a)
            let model = try ModelFile.load(path)
            let networkPath = a.string("network") ?? model.network
            guard !networkPath.isEmpty else {
                throw InputError(file: "nlm evaluate", place: "--network", expected: "the network file of the model's data (the model does not name one)")
            }
            let network = try NetworkSpec.read(path: networkPath)
            guard network.neurons == model.parameters.neuronCount else {
                throw InputError(file: networkPath, place: "neurons", expected: "\(model.parameters.neuronCount) like the model, found \(network.neurons)")
            }
            let data = try ExperimentData.load(network)
            let states: Matrix
            if let file = a.string("samples") {
                let (shape, values) = try ArrayFiles.read(file)
                guard shape.count == 2, shape[0] == model.parameters.neuronCount else {
                    throw InputError(file: file, place: "shape", expected: "[\(model.parameters.neuronCount), chains] (neurons × chains, as nlm sample writes), found \(shape)")
                }
                states = Matrix(rows: shape[0], cols: shape[1], storage: values)
            } else {
                var s = network.sampling
                s.chains = try a.int("chains", in: 2...100_000) ?? 200
                s.steps = try a.int("steps", in: 1...100_000_000) ?? 3000
                s.temperature = try a.float("temperature", in: 0...1000) ?? s.temperature
                s.snapshots = []
                s.trajectoryChains = 0
                states = Sampler.run(model.parameters, s, seed: model.seed).final
            }
            let spec = ExperimentSpec(file: networkPath, kind: .temperature, description: "", network: networkPath, settings: [],
                                      seed: model.seed, classifier: a.string("classifier") ?? "runs/mnist-classifier.nlmdigit",
                                      outputDirectory: "")
            let classifier = PaperExperiment.classifier(spec, network) { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
            let q = PaperExperiment.quality(samples: PaperExperiment.pixels(states, model.encoding), data: data, classifier: classifier)
            var denoising = network.denoising
            let d = Denoiser.run(model.parameters, images: data.test, encoding: model.encoding, denoising, seed: model.seed)
            denoising.fractions = d.map(\.result.fraction)
            var text = "# Evaluation of \(model.name) (\(path))\n\n"
            text += "\(states.cols) samples against \(data.test.count) held-out and \(data.train.count) training images of `\(networkPath)`, in pixel space.\n\n"
            text += PaperExperiment.qualityHeader() + "| " + PaperExperiment.qualityCells(q) + " |\n\n"
            text += "Denoising (\(denoising.mode.rawValue), T = \(denoising.temperature), \(denoising.steps) steps, MSE of rates):\n\n| level | before | after |\n|---|---|---|\n"
            for r in d { text += String(format: "| %.2f | %.3f | %.3f |\n", r.result.fraction, r.result.mseBefore, r.result.mseAfter) }
            let out = a.string("out") ?? ModelFile.outputDirectory(path, "")
            try ArrayFiles.createDirectory(out)
            try ArrayFiles.writeText(text, to: (out as NSString).appendingPathComponent("evaluation.md"))
            print(text)
            return 0
        }
}
