import Foundation
import LinearAlgebra

/// Plain-text tables and JSON-ready dictionaries (for `JSONSerialization`) of the reports.
extension FixedPointReport {
    /// One line per point: index, kind, E, ‖F‖∞, class for the RNN flow and for the gradient flow,
    /// max Re λ(DF), hits, mirror, nearest image and distance.
    public func table() -> String {
        let widths = [4, -6, 11, 10, -17, -17, 9, 5, 6, 8, 9]
        var lines = [row(["#", "kind", "energy", "|F|max", "RNN flow", "NLM flow (T=0)", "maxReλ", "hits", "mirror",
                          "nearest", "distance"], widths)]
        for p in points {
            lines.append(row([String(p.index), p.kind == .fixedPoint ? "fixed" : "slow",
                              String(format: "%.3e", p.energy), String(format: "%.2e", p.residualMax),
                              p.kind == .fixedPoint ? p.classification.rateNetwork.label : "(not a rest pt)",
                              p.classification.energyGradient.label, String(format: "%.4f", p.largestRealPart),
                              p.foundFromFlowEndpoint ? "flow" : String(p.hits), p.mirror.map(String.init) ?? "-", p.nearestImage.map(String.init) ?? "-",
                              p.nearestDistance.map { String(format: "%.4f", $0) } ?? "-"], widths))
        }
        lines.append("\(points.count) points (\(fixedPointCount) fixed, \(slowPointCount) slow) from \(starts.count) starts; "
                     + "\(unconvergedStarts) starts did not converge; solve \(String(format: "%.2f", solveSeconds)) s, "
                     + "classify \(String(format: "%.2f", classifySeconds)) s")
        return lines.joined(separator: "\n")
    }

    /// The report's properties as JSON-ready values (no states: write ``pointStates`` as .npy).
    public var jsonObject: [String: Any] {
        [
            "neurons": neuronCount,
            "activation": activation.rawValue,
            "solveSeconds": solveSeconds,
            "classifySeconds": classifySeconds,
            "points": points.map { p -> [String: Any] in
                var o: [String: Any] = [
                    "index": p.index, "kind": p.kind.rawValue, "energy": p.energy, "residualMax": p.residualMax,
                    "residualNorm": p.residualNorm, "rnnFlow": p.classification.rateNetwork.label,
                    "rnnUnstableDirections": p.classification.jacobianEigenvalues.filter { $0.re > 0 }.count,
                    "nlmFlow": p.classification.energyGradient.label, "largestRealPart": p.largestRealPart,
                    "smallestHessianEigenvalue": p.classification.hessianEigenvalues.first ?? 0,
                    "hits": p.hits, "starts": p.starts, "foundFromFlowEndpoint": p.foundFromFlowEndpoint,
                ]
                if let m = p.mirror { o["mirror"] = m }
                if let i = p.nearestImage { o["nearestImage"] = i }
                if let d = p.nearestDistance { o["nearestDistance"] = d }
                return o
            },
            "starts": starts.map { s -> [String: Any] in
                var o: [String: Any] = ["start": s.start, "outcome": s.outcome.rawValue, "iterations": s.iterations,
                                        "energy": s.energy]
                if let p = s.point { o["point"] = p }
                return o
            },
        ]
    }
}

extension VerificationReport {
    /// The agreement table: one line per (flow, start), then per-flow counts.
    public func table() -> String {
        let widths = [-10, 5, 9, 10, 6, 10, -17, 6, -20]
        var lines = [row(["flow", "start", "steps", "speed", "point", "distance", "class", "solver", "agreement"], widths)]
        for r in runs {
            lines.append(row([r.flow == .rateNetwork ? "RNN" : "NLM (T=0)", String(r.start),
                              r.convergedAfter.map(String.init) ?? "-", String(format: "%.2e", Double(r.finalSpeed)),
                              r.nearestPoint.map(String.init) ?? "-", String(format: "%.2e", r.distance),
                              r.stability?.label ?? "-", r.solverPointFromSameStart.map(String.init) ?? "-",
                              r.agreement.rawValue], widths))
        }
        for flow in Flow.allCases where runs.contains(where: { $0.flow == flow }) {
            lines.append("\(flow == .rateNetwork ? "RNN flow" : "NLM flow (T=0)"): "
                         + "\(count(.agrees, flow: flow)) agree, \(count(.convergedToUnstable, flow: flow)) converged to an unstable point, "
                         + "\(count(.unmatched, flow: flow)) unmatched, \(count(.notConverged, flow: flow)) not converged "
                         + "(match tolerance \(matchTolerance) in max norm)")
        }
        lines.append(agrees ? "AGREE: the simulator lands where the solver says" : "DISAGREE")
        return lines.joined(separator: "\n")
    }

    public var jsonObject: [String: Any] {
        [
            "agrees": agrees, "matchTolerance": matchTolerance,
            "runs": runs.map { r -> [String: Any] in
                var o: [String: Any] = ["flow": r.flow.rawValue, "start": r.start, "finalSpeed": Double(r.finalSpeed),
                                        "distance": r.distance.isFinite ? r.distance : -1, "agreement": r.agreement.rawValue]
                if let s = r.convergedAfter { o["steps"] = s }
                if let p = r.nearestPoint { o["nearestPoint"] = p }
                if let s = r.stability { o["class"] = s.label }
                if let p = r.solverPointFromSameStart { o["solverPoint"] = p }
                return o
            },
        ]
    }
}

extension SpectrumReport {
    /// Summary lines for the terminal.
    public func summary() -> String {
        String(format: "N = %d: spectral radius %.4f, max Re λ %.4f, circular-law radius g = %.4f, "
               + "‖J − Jᵀ‖/‖J‖ = %.4f, symmetric part in [%.4f, %.4f], diagonal %.4f ± %.4f",
               neuronCount, spectralRadius, largestRealPart, circularLawRadius, asymmetry,
               symmetricEigenvalues.first ?? 0, symmetricEigenvalues.last ?? 0, diagonalMean, diagonalStandardDeviation)
    }

    /// Eigenvalues of J as an (N × 2) row-major array of (Re, Im), for .npy.
    public var eigenvaluePairs: [Double] { eigenvalues.flatMap { [$0.re, $0.im] } }

    public var jsonObject: [String: Any] {
        ["neurons": neuronCount, "spectralRadius": spectralRadius, "largestRealPart": largestRealPart,
         "asymmetry": asymmetry, "circularLawRadius": circularLawRadius, "diagonalMean": diagonalMean,
         "diagonalStd": diagonalStandardDeviation,
         "symmetricPartRange": [symmetricEigenvalues.first ?? 0, symmetricEigenvalues.last ?? 0],
         "antisymmetricPartMaxFrequency": antisymmetricFrequencies.last ?? 0]
    }
}

/// Cells padded to |width| characters: right-aligned for positive widths, left-aligned for negative ones.
func row(_ cells: [String], _ widths: [Int]) -> String {
    zip(cells, widths).map { cell, width in
        let pad = String(repeating: " ", count: Swift.max(0, Swift.abs(width) - cell.count))
        return width < 0 ? cell + pad : pad + cell
    }.joined(separator: " ")
}
