import DenseKernels
import LangevinMachine
import LinearAlgebra

/// Settings of ``FlowVerification/run(_:starts:report:options:)``.
public struct VerificationOptions: Sendable {
    /// The flows to integrate.
    public var flows: [Flow] = [.energyGradient, .rateNetwork]
    /// Euler step of the RNN flow; nil chooses min(0.1, 1/max|λ(DF)|) over the solver's points (Euler is
    /// stable at a point when |1 + dt·λ| < 1 for every eigenvalue λ of DF).
    public var rateNetworkStep: Float? = nil
    /// Step of the NLM's dynamics at T = 0; nil chooses min(0.1, 1/L) with L the largest Hessian eigenvalue
    /// at the solver's points (gradient descent with step 1/L, monotone near every point). The rest points
    /// of an Euler scheme are those of the flow whatever dt is, but in Float an increment dt·ẋ below half
    /// an ulp of x is lost, so a trajectory stalls at a distance ≈ ulp(x)/(2·dt·μ_min) from a point whose
    /// slowest Hessian eigenvalue is μ_min: the model's sampling dt = 0.01 can stall farther than 1e-4.
    public var energyGradientStep: Float? = nil
    /// Step budget per flow.
    public var maxSteps: Int = 200_000
    /// A trajectory has converged when its speed max|ẋ| is ≤ this, or when its Float state did not change
    /// at all over a check interval (every increment rounds away: the simulator is at rest).
    public var speedTolerance: Float = 1e-7
    /// How often (in steps) the speed is measured.
    public var checkEvery: Int = 50
    /// An endpoint is the solver's point when their max-norm distance is ≤ this.
    public var matchTolerance: Double = 1e-4
    /// Run the solver from every unmatched converged endpoint; when it converges within `matchTolerance`
    /// of the endpoint, add the point (classified, ``FoundPoint/foundFromFlowEndpoint``) to the solver's list
    /// and judge the run against it. Newton's basins are not the flows' basins, so a flow can reach a
    /// point no start led Newton to.
    public var refineUnmatched = true
    public var solver = SolverOptions()
    public init() {}
}

/// How one trajectory compares with the solver's list.
public enum Agreement: String, Sendable, Hashable {
    /// Converged to a solver point that is stable for this flow.
    case agrees
    /// Converged to a solver point the solver classes as not stable for this flow (saddle, unstable,
    /// marginal, or, for the RNN flow, a slow point): a disagreement.
    case convergedToUnstable
    /// Converged, but to no point of the solver's list within the match tolerance.
    case unmatched
    /// Still moving after the step budget (e.g. chaos or a limit cycle of the RNN flow).
    case notConverged
}

/// One trajectory: start → endpoint → solver point.
public struct FlowRun: Sendable {
    public var start: Int
    public var flow: Flow
    /// Steps until the speed fell to the tolerance (nil: never).
    public var convergedAfter: Int?
    public var finalSpeed: Float
    public var endpoint: [Float]
    /// The nearest solver point and its max-norm distance to the endpoint.
    public var nearestPoint: Int?
    public var distance: Double
    /// The class, for this flow, of the matched point (nil when unmatched).
    public var stability: Stability?
    /// The point the solver reached from the same start (may differ: Newton's basins are not the flow's).
    public var solverPointFromSameStart: Int?
    public var agreement: Agreement
}

/// Result of a verification: every (flow, start) run in flow-then-start order.
public struct VerificationReport: Sendable {
    public var runs: [FlowRun]
    /// The solver's report, with the points confirmed from flow endpoints appended.
    public var solverReport: FixedPointReport
    public var matchTolerance: Double

    /// Runs with the given agreement (for all flows, or one).
    public func count(_ agreement: Agreement, flow: Flow? = nil) -> Int {
        runs.filter { $0.agreement == agreement && (flow == nil || $0.flow == flow) }.count
    }

    /// True when no trajectory converged to an unstable or unknown point (non-converged runs are reported
    /// but do not count against agreement).
    public var agrees: Bool { count(.convergedToUnstable) == 0 && count(.unmatched) == 0 }
}

/// Checks that the simulated zero-noise dynamics end where the solver says: integrate each flow from each
/// start, match the endpoint to the solver's points (max-norm distance ≤ `matchTolerance`) and check the
/// matched point is stable for that flow (see ``Flow`` for which points are stable for which flow).
public enum FlowVerification {
    /// - Parameters:
    ///   - starts: S × N, one start per row (the same rows given to the solver, so that
    ///     ``FlowRun/solverPointFromSameStart`` is meaningful).
    ///   - report: the solver's report for `parameters`.
    /// - Throws: ``FixedPointError/invalidInput(_:)`` for shapes that disagree;
    ///   ``FixedPointError/unsupported(_:)`` for the gradient flow with φ ≠ tanh (the NLM's dense
    ///   dynamics implement tanh only).
    public static func run(_ parameters: Parameters, starts: Matrix, report: FixedPointReport,
                           options: VerificationOptions = VerificationOptions()) throws(FixedPointError) -> VerificationReport {
        let n = parameters.neuronCount
        guard starts.cols == n, report.neuronCount == n else {
            throw .invalidInput("starts: expected \(n) columns (one start per row) and a report for \(n) neurons, got \(starts.rows)×\(starts.cols) and \(report.neuronCount)")
        }
        if options.flows.contains(.energyGradient) && report.activation != .tanh {
            throw .unsupported("the NLM's dynamics (energyGradient flow) use φ = tanh; the report used \(report.activation)")
        }
        let columns = starts.transposed()
        let checkEvery = Swift.max(1, options.checkEvery)
        var runs: [FlowRun] = []
        for flow in options.flows {
            let ends: FlowIntegration.Endpoints
            switch flow {
            case .rateNetwork:
                ends = FlowIntegration.rateNetwork(parameters, activation: report.activation, starts: columns,
                                                   dt: options.rateNetworkStep ?? automaticStep(report, flow),
                                                   maxSteps: options.maxSteps,
                                                   tolerance: options.speedTolerance, checkEvery: checkEvery)
            case .energyGradient:
                ends = FlowIntegration.energyGradient(parameters, starts: columns,
                                                      dt: options.energyGradientStep ?? automaticStep(report, flow),
                                                      maxSteps: options.maxSteps, tolerance: options.speedTolerance,
                                                      checkEvery: checkEvery)
            }
            for c in 0..<starts.rows {
                let endpoint = (0..<n).map { ends.states[$0, c] }
                runs.append(judge(flow: flow, start: c, endpoint: endpoint, convergedAfter: ends.convergedAt[c],
                                  speed: ends.finalSpeed[c], report: report, tolerance: options.matchTolerance))
            }
        }
        var solverReport = report
        if options.refineUnmatched {
            let network = try RateNetwork(parameters, activation: report.activation)
            let solver = FixedPointSolver(network: network, options: options.solver)
            for k in runs.indices where runs[k].agreement == .unmatched {
                let endpoint = runs[k].endpoint.map(Double.init)
                // An earlier refinement may already have added this point.
                if let p = solverReport.points.first(where: { FixedPointAnalysis.maxDistance($0.state, endpoint) <= options.matchTolerance }) {
                    _ = p
                } else {
                    let r = solver.solve(from: endpoint)
                    guard r.outcome != .notConverged,
                          FixedPointAnalysis.maxDistance(r.state, endpoint) <= options.matchTolerance else { continue }
                    let c = try PointClassification(network, at: r.state)
                    let f = network.field(r.state)
                    var point = FoundPoint(index: solverReport.points.count, state: r.state, kind: r.outcome,
                                           energy: RateNetwork.halfSquaredNorm(f), residualMax: RateNetwork.maxNorm(f),
                                           residualNorm: euclideanNorm(f), classification: c, starts: [],
                                           nearestImage: nil, nearestDistance: nil, mirror: nil)
                    point.foundFromFlowEndpoint = true
                    solverReport.points.append(point)
                }
                let r = runs[k]
                runs[k] = judge(flow: r.flow, start: r.start, endpoint: r.endpoint, convergedAfter: r.convergedAfter,
                                speed: r.finalSpeed, report: solverReport, tolerance: options.matchTolerance)
            }
        }
        return VerificationReport(runs: runs, solverReport: solverReport, matchTolerance: options.matchTolerance)
    }

    /// min(0.1, 1/s) with s the stiffest rate at the solver's points: max|λ(DF)| for the RNN flow, the
    /// largest Hessian eigenvalue for the gradient flow; 0.01 when there are no points.
    public static func automaticStep(_ report: FixedPointReport, _ flow: Flow) -> Float {
        let stiffness = report.points.map { p in
            flow == .rateNetwork ? p.classification.jacobianEigenvalues.reduce(0.0) { Swift.max($0, $1.magnitude) }
                : (p.classification.hessianEigenvalues.last ?? 0)
        }.max() ?? 0
        return stiffness > 0 ? Float(Swift.min(0.1, 1 / stiffness)) : 0.01
    }

    static func judge(flow: Flow, start: Int, endpoint: [Float], convergedAfter: Int?, speed: Float,
                      report: FixedPointReport, tolerance: Double) -> FlowRun {
        var nearest: Int? = nil, distance = Double.infinity
        for p in report.points {
            let d = zip(p.state, endpoint).reduce(0.0) { Swift.max($0, Swift.abs($1.0 - Double($1.1))) }
            if d < distance { distance = d; nearest = p.index }
        }
        let matched = distance <= tolerance ? nearest : nil
        var stability: Stability? = nil
        if let m = matched {
            let point = report.points[m]
            // A slow point is not a rest point of the RNN flow, so it cannot be a stable one.
            stability = flow == .rateNetwork && point.kind == .slowPoint ? .unstable
                : point.classification.stability(for: flow)
        }
        let agreement: Agreement
        if convergedAfter == nil { agreement = .notConverged }
        else if matched == nil { agreement = .unmatched }
        else if stability == .stable { agreement = .agrees }
        else { agreement = .convergedToUnstable }
        let same = start < report.starts.count ? report.starts[start].point : nil
        return FlowRun(start: start, flow: flow, convergedAfter: convergedAfter, finalSpeed: speed, endpoint: endpoint,
                       nearestPoint: nearest, distance: distance, stability: stability,
                       solverPointFromSameStart: same, agreement: agreement)
    }
}
