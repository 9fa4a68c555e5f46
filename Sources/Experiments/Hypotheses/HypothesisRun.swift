import FileFormats
import Foundation
import Optimization

/// `nlm hypothesis <file>`: runs both arms of a pre-registered hypothesis for every seed, tests the paired
/// differences as the file says, and writes `report.md`, `values.csv` and `paired.svg`.
public enum HypothesisRun {
    public struct Outcome: Sendable {
        public var spec: HypothesisSpec
        public var seeds: [UInt64]
        /// measurements[seed][arm]
        public var measurements: [[ArmMeasurement]]
        public var analysis: PairedAnalysis
    }

    /// The seeds of the runs: seed, seed + 1, …: independent because every random stream is keyed by the seed
    /// (counter-based generators have no overlap between keys).
    public static func seeds(_ spec: HypothesisSpec) -> [UInt64] {
        (0..<spec.seeds).map { spec.seed &+ UInt64($0) }
    }

    public static func run(file: String, outputDirectory: String?, quiet: Bool) throws -> String {
        var spec = try HypothesisSpec.read(path: file)
        if let outputDirectory { spec.outputDirectory = outputDirectory }
        // Decode both arms' networks before any work, so a bad field fails at once.
        for arm in spec.arms {
            let network = try HypothesisMeasurement.spec(spec, arm: arm, seed: spec.seed)
            try arm.engine.validate(network)
        }
        try ArrayFiles.createDirectory(spec.outputDirectory)
        let outcome = try run(spec, quiet: quiet)
        let report = (spec.outputDirectory as NSString).appendingPathComponent("report.md")
        try HypothesisReport.write(outcome, to: spec.outputDirectory)
        return report
    }

    public static func run(_ spec: HypothesisSpec, quiet: Bool) throws -> Outcome {
        let seeds = seeds(spec)
        let progress = RunProgress(label: "hypothesis run", total: seeds.count * 2, quiet: quiet)
        var measurements: [[ArmMeasurement]] = []
        for (k, seed) in seeds.enumerated() {
            var row: [ArmMeasurement] = []
            for (a, arm) in spec.arms.enumerated() {
                let picture = k == 0 && spec.procedure == .train
                    ? (spec.outputDirectory as NSString).appendingPathComponent("samples-arm\(a + 1).png") : nil
                let m = try HypothesisMeasurement.measure(spec, arm: arm, seed: seed, picture: picture)
                row.append(m)
                progress.report(done: k * 2 + a + 1, values: ["seed": Double(seed), spec.statistic.rawValue: m.values[spec.statistic] ?? .nan])
                if !quiet { RunProgress.log("  \(arm.name): " + m.values.keys.sorted { $0.rawValue < $1.rawValue }.map { String(format: "%@ %.4g", $0.rawValue, m.values[$0]!) }.joined(separator: ", ")) }
            }
            measurements.append(row)
        }
        let differences = measurements.map { ($0[1].values[spec.statistic] ?? .nan) - ($0[0].values[spec.statistic] ?? .nan) }
        guard differences.allSatisfy(\.isFinite) else {
            throw InputError(file: spec.file, place: "statistic", expected: "finite values of \(spec.statistic.rawValue) in every run (a run diverged: see the values above)")
        }
        return Outcome(spec: spec, seeds: seeds, measurements: measurements,
                       analysis: PairedAnalysis(differences: differences, spec: spec))
    }
}
