import DenseKernels
import FileFormats
import FixedPoints
import Foundation
import LangevinMachine

extension Commands {
    static let fixedPoints = Command(
        name: "fixed-points", usage: "<model> [options]",
        summary: "Find the fixed points of x = Jφ(x) + b (zeros of E) and slow points (minima of E > 0) by Newton / Levenberg–Marquardt from many starts, classify them, and write .npy, PNG and JSON; --verify checks that the simulated zero-noise dynamics lands on them.",
        options: [
            .init("starts", "data|samples|noise|FILE", "where the starts come from (default data; FILE: a .npy of starts, one per row)"),
            .init("count", "N", "number of starts (default 16)"),
            .init("network", "FILE", "network file for data starts and nearest training images (default: the model's)"),
            .init("data", "PATH", "MNIST directory"),
            .init("verify", nil, "integrate both zero-noise flows from the starts and print the agreement table"),
            .init("event-starts", "K", "with --verify: also run the first K starts on the event-driven engine (default 2; 0: none)"),
            .init("json", nil, "print the report as JSON instead of a table"),
            .init("out", "DIR", "output directory (default: <model>/fixed-points)"),
            .init("seed", "S", "random seed for noise and sample starts"),
            threadsOption,
            helpOption,
        ]) { a in
            let path = try a.requirePositional(["model"])[0]
            try applyThreads(a)
            let model = try ModelFile.load(path)
            let n = model.parameters.neuronCount
            let count = try a.int("count", in: 1...100_000) ?? 16
            let seed = try a.seed() ?? model.seed
            let networkPath = a.string("network") ?? model.network
            let spec = networkPath.isEmpty ? nil : try NetworkSpec.read(path: networkPath)
            let data = try spec.map { try ExperimentData.load($0, dataPath: a.string("data")) }
            let trainStates = data.map { ExperimentData.encode($0.train, $0.encoding) }
            var starts: Matrix
            switch a.string("starts") ?? "data" {
            case "data":
                guard let trainStates else {
                    throw InputError(file: "nlm fixed-points", place: "--starts data", expected: "a network file (--network) to take data from")
                }
                let order = Trainer.sampleOrder(count: trainStates.rows, epoch: 0, seed: seed).prefix(count)
                starts = Matrix(rows: order.count, cols: n)
                for (k, row) in order.enumerated() { for i in 0..<n { starts[k, i] = trainStates[row, i] } }
            case "noise":
                starts = gaussianMatrix(rows: n, cols: count, seed: seed, purpose: .sampleInit).transposed()
            case "samples":
                var s = NetworkSpec.Sampling()
                s.chains = count
                s.trajectoryChains = 0
                s.dt = model.dt
                starts = Sampler.run(model.parameters, s, seed: seed).final.transposed()
            case let file:
                let (shape, values) = try ArrayFiles.read(file)
                guard shape.count == 2, shape[1] == n else {
                    throw InputError(file: file, place: "shape", expected: "[starts, \(n)] (one start per row), found \(shape)")
                }
                starts = Matrix(rows: shape[0], cols: n, storage: values)
            }
            let out = a.string("out") ?? ModelFile.outputDirectory(path, "fixed-points")
            try ArrayFiles.createDirectory(out)
            let report = try FixedPointAnalysis.run(model.parameters, starts: starts, data: trainStates)
            let side = Int(Double(n).squareRoot())
            try ArrayFiles.write(report.pointStates.storage, shape: [report.points.count, n],
                                 to: (out as NSString).appendingPathComponent("fixed_points.npy"))
            if side * side == n && !report.points.isEmpty {
                try Pictures.grid(report.points.map { $0.state.map { ExperimentData.displayPixel(Float($0)) } }, width: side, height: side,
                                  to: (out as NSString).appendingPathComponent("fixed_points.png"))
            }
            try ArrayFiles.writeJSON(report.jsonObject, to: (out as NSString).appendingPathComponent("fixed_points.json"))
            var status: Int32 = 0
            if a.flag("verify") {
                let v = try FlowVerification.run(model.parameters, starts: starts, report: report)
                try ArrayFiles.writeJSON(v.jsonObject, to: (out as NSString).appendingPathComponent("verification.json"))
                if a.flag("json") {
                    print(String(decoding: try JSONSerialization.data(withJSONObject: v.jsonObject, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
                } else {
                    print(v.solverReport.table())
                    print(v.table())
                }
                status = v.agrees ? 0 : 1
                let eventStarts = min(try a.int("event-starts", in: 0...10_000) ?? 2, starts.rows)
                if eventStarts > 0 {
                    var subset = Matrix(rows: eventStarts, cols: n)
                    for s in 0..<eventStarts { for i in 0..<n { subset[s, i] = starts[s, i] } }
                    let duration = 200_000 * Double(FlowVerification.automaticStep(report, .energyGradient))
                    let runs = try EventFlowCheck.run(model.parameters, starts: subset, report: v.solverReport, duration: duration, seed: seed)
                    if !a.flag("json") { print(EventFlowCheck.table(runs)) }
                    if runs.contains(where: { $0.stableForGradientFlow != true }) { status = 1 }
                }
            } else if a.flag("json") {
                print(String(decoding: try JSONSerialization.data(withJSONObject: report.jsonObject, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
            } else {
                print(report.table())
            }
            print("written: \(out)/fixed_points.npy, fixed_points.png, fixed_points.json")
            return status
        }

    static let spectrum = Command(
        name: "spectrum", usage: "<model> [options]",
        summary: "Eigenvalues of J and of its symmetric and antisymmetric parts (.npy), and an SVG scatter of J's eigenvalues with the circle of radius g (the circular law of the initial couplings).",
        options: [
            .init("out", "DIR", "output directory (default: <model>/spectrum)"),
            helpOption,
        ]) { a in
            let path = try a.requirePositional(["model"])[0]
            let model = try ModelFile.load(path)
            let s = try SpectrumAnalysis.run(model.parameters.couplings)
            let out = a.string("out") ?? ModelFile.outputDirectory(path, "spectrum")
            try ArrayFiles.createDirectory(out)
            func file(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }
            try ArrayFiles.write(s.eigenvaluePairs.map(Float.init), shape: [s.eigenvalues.count, 2], to: file("eigenvalues.npy"))
            try ArrayFiles.write(s.symmetricEigenvalues.map(Float.init), shape: [s.symmetricEigenvalues.count], to: file("symmetric_eigenvalues.npy"))
            try ArrayFiles.write(s.antisymmetricFrequencies.map(Float.init), shape: [s.antisymmetricFrequencies.count], to: file("antisymmetric_frequencies.npy"))
            try ArrayFiles.writeJSON(s.jsonObject, to: file("spectrum.json"))
            var chart = ScatterChart(title: "Eigenvalues of J (\(model.name))", xLabel: "Re λ", yLabel: "Im λ")
            chart.equalAspect = true
            chart.addPoints(name: "eigenvalues", points: s.eigenvalues.map { ($0.re, $0.im) })
            chart.addCircle(name: "radius g = \(model.gain)", radius: Double(model.gain))
            try AtomicFile.write(text: chart.svg(), to: file("spectrum.svg"))
            print(s.summary())
            print("written: \(out)/eigenvalues.npy, symmetric_eigenvalues.npy, antisymmetric_frequencies.npy, spectrum.json, spectrum.svg")
            return 0
        }
}
