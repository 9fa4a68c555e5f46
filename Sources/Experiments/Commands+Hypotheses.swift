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
