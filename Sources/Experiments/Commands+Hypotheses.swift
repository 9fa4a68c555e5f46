import FileFormats
import Foundation

extension Commands {
    static let hypothesis = Command(
        name: "hypothesis", usage: "<hypothesis.json> [options]",
        summary: "Run a pre-registered hypothesis (Networks/hypotheses/): both arms for every seed, the test fixed in the file, effect size with confidence interval, p-value, verdict and report.",
        options: [
            .init("out", "DIR", "output directory (default: the file's outputs.directory, runs/hypothesis-<name>)"),
            threadsOption,
            .init("quiet", nil, "no progress on standard error"),
            helpOption,
        ]) { a in
            let path = try a.requirePositional(["hypothesis.json"])[0]
            try applyThreads(a)
            let report = try HypothesisRun.run(file: path, outputDirectory: a.string("out"), quiet: a.flag("quiet"))
            print(try String(contentsOfFile: report, encoding: .utf8))
            print("report: \(report)")
            return 0
        }
}

extension Commands {
    static let experiment = Command(
        name: "experiment", usage: "<name | experiment.json> [options]",
        summary: "Run one of the NLM paper's experiments (Networks/experiments/: memorisation, temperature, one-sample, denoising, exploration) and write its report.",
        options: [
            .init("out", "DIR", "output directory (default: the file's outputs.directory, runs/experiment-<name>)"),
            threadsOption,
            .init("quiet", nil, "no progress on standard error"),
            helpOption,
        ]) { a in
            let argument = try a.requirePositional(["name or experiment.json"])[0]
            try applyThreads(a)
            let file = PaperExperiment.names.contains(argument) ? "Networks/experiments/\(argument).json" : argument
            guard FileManager.default.fileExists(atPath: file) else {
                throw InputError(file: "nlm experiment", place: "arguments",
                                 expected: "one of \(PaperExperiment.names.joined(separator: ", ")) (run from the repository root) or an experiment file, found \"\(argument)\"")
            }
            let report = try PaperExperiment.run(file: file, outputDirectory: a.string("out"), quiet: a.flag("quiet"))
            print(try String(contentsOfFile: report, encoding: .utf8))
            print("report: \(report)")
            return 0
        }
}
