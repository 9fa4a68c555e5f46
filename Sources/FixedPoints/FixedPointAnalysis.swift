import DenseKernels
import Foundation
import LangevinMachine
import LinearAlgebra

/// Settings of a multi-start fixed-point analysis.
public struct AnalysisOptions: Sendable {
    public var solver = SolverOptions()
    /// φ used in F, DF and ∇²E (``Activation/tanh`` for an NLM).
    public var activation: Activation = .tanh
    /// Two solutions are the same point when their max-norm distance is ≤ this.
    public var duplicateTolerance: Double = 1e-6
    /// Marginal-eigenvalue tolerances, see ``PointClassification/init(_:at:tolerance:hessianTolerance:)``.
    public var stabilityTolerance: Double = 1e-9
    public var hessianTolerance: Double = 1e-11
    /// Keep slow points (stationary points of E with E > 0) in the list.
    public var includeSlowPoints = true
    /// Where a point is compared with the training images (see ``ImageComparison``).
    public var comparison: ImageComparison = .rates
    /// Threads for the independent starts and the per-point eigenvalue work (results do not depend on it).
    public var threads: Int = defaultAnalysisThreads
    public init() {}
}

/// How the distance between a point x* and a training image d (a row of the data matrix, as a state) is measured.
public enum ImageComparison: String, Sendable, Hashable {
    /// ‖φ(x*) − φ(d)‖₂: the pictures as shown (rates).
    case rates
    /// ‖x* − d‖₂: the states themselves.
    case states
}

/// One distinct point found by the solver.
public struct FoundPoint: Sendable {
    /// Position in ``FixedPointReport/points`` (order of first discovery in start order).
    public var index: Int
    public var state: [Double]
    /// ``SolveOutcome/fixedPoint`` or ``SolveOutcome/slowPoint``.
    public var kind: SolveOutcome
    /// E = ½‖F‖², ‖F‖∞ and ‖F‖₂ at the point.
    public var energy: Double
    public var residualMax: Double
    public var residualNorm: Double
    public var classification: PointClassification
    /// Starts (indices into the start list) that converged here, ascending; `hits == starts.count`.
    public var starts: [Int]
    public var hits: Int { starts.count }
    /// The nearest training image (row of the data matrix) and its distance, if data were given.
    public var nearestImage: Int?
    public var nearestDistance: Double?
    /// The index of the point −x*, if it was found too (b = 0 and φ odd make E even).
    public var mirror: Int?
    /// True for a point the solver did not reach from any start but confirmed from the endpoint of a
    /// simulated trajectory (see ``FlowVerification``).
    public var foundFromFlowEndpoint = false

    /// max Re λ(DF): the RNN flow's growth rate at the point.
    public var largestRealPart: Double { classification.jacobianEigenvalues.reduce(-.infinity) { Swift.max($0, $1.re) } }
}

/// What one start did.
public struct StartRecord: Sendable {
    public var start: Int
    public var outcome: SolveOutcome
    public var iterations: Int
    public var energy: Double
    /// The point it converged to (nil if it did not converge, or converged to an omitted slow point).
    public var point: Int?
}

/// Result of ``FixedPointAnalysis/run(_:starts:data:options:)``.
public struct FixedPointReport: Sendable {
    public var neuronCount: Int
    public var activation: Activation
    public var points: [FoundPoint]
    public var starts: [StartRecord]
    /// Wall time of the solves and of the classification (eigenvalues), in seconds.
    public var solveSeconds: Double
    public var classifySeconds: Double

    /// The points as a K × N matrix, one point per row (for .npy and pictures; show φ(x) as the image).
    public var pointStates: Matrix {
        Matrix(rows: points.count, cols: neuronCount, storage: points.flatMap { $0.state.map(Float.init) })
    }

    public var fixedPointCount: Int { points.filter { $0.kind == .fixedPoint }.count }
    public var slowPointCount: Int { points.filter { $0.kind == .slowPoint }.count }
    public var unconvergedStarts: Int { starts.filter { $0.outcome == .notConverged }.count }
}

/// Multi-start search for the fixed points and slow points of x = Jφ(x) + b, with de-duplication,
/// classification, basin hit counts and nearest training images.
public enum FixedPointAnalysis {
    /// Runs the analysis for an NLM's parameters.
    /// - Parameters:
    ///   - starts: S × N, one start state per row.
    ///   - data: M × N training images as states, one per row (optional), for the nearest image.
    /// - Throws: ``FixedPointError/invalidInput(_:)`` for mismatched shapes or non-finite inputs.
    public static func run(_ parameters: Parameters, starts: Matrix, data: Matrix? = nil,
                           options: AnalysisOptions = AnalysisOptions()) throws(FixedPointError) -> FixedPointReport {
        let network = try RateNetwork(parameters, activation: options.activation)
        guard starts.cols == network.neuronCount else {
            throw .invalidInput("starts: expected \(network.neuronCount) columns (one start per row), got \(starts.rows)×\(starts.cols)")
        }
        let rows = (0..<starts.rows).map { r in (0..<starts.cols).map { Double(starts[r, $0]) } }
        return try run(network, starts: rows, data: data, options: options)
    }

    /// Runs the analysis on a Double-precision network from the given start states.
    /// - Complexity: per start, O(iterations·N³) (one LU per Newton step); per distinct point ~13N³ for
    ///   the eigenvalues; O(K·M·N) for the nearest images. Starts and points are spread over
    ///   `options.threads` threads.
    public static func run(_ network: RateNetwork, starts: [[Double]], data: Matrix? = nil,
                           options: AnalysisOptions = AnalysisOptions()) throws(FixedPointError) -> FixedPointReport {
        let n = network.neuronCount
        for (k, s) in starts.enumerated() {
            guard s.count == n else { throw .invalidInput("starts: row \(k): expected \(n) entries, got \(s.count)") }
            guard s.allSatisfy(\.isFinite) else { throw .invalidInput("starts: row \(k): expected finite numbers") }
        }
        if let data, data.cols != n {
            throw .invalidInput("data: expected \(n) columns (one image per row), got \(data.rows)×\(data.cols)")
        }
        let solver = FixedPointSolver(network: network, options: options.solver)
        let clock = ContinuousClock()
        let t0 = clock.now
        let results = ParallelStarts.map(count: starts.count, threads: options.threads) { solver.solve(from: starts[$0]) }
        let t1 = clock.now

        // De-duplicate in start order: the first start to reach a point supplies its representative.
        var representatives: [(result: SolveResult, starts: [Int])] = []
        var records: [StartRecord] = []
        for (k, r) in results.enumerated() {
            var record = StartRecord(start: k, outcome: r.outcome, iterations: r.iterations, energy: r.energy, point: nil)
            let keep = r.outcome == .fixedPoint || (r.outcome == .slowPoint && options.includeSlowPoints)
            if keep {
                if let j = representatives.firstIndex(where: {
                    $0.result.outcome == r.outcome && maxDistance($0.result.state, r.state) <= options.duplicateTolerance
                }) {
                    representatives[j].starts.append(k)
                    record.point = j
                } else {
                    record.point = representatives.count
                    representatives.append((r, [k]))
                }
            }
            records.append(record)
        }

        let states = representatives.map(\.result.state)
        let classifications = ParallelStarts.map(count: states.count, threads: options.threads) {
            k -> Result<PointClassification, FixedPointError> in
            do throws(FixedPointError) {
                return .success(try PointClassification(network, at: states[k],
                                                        tolerance: options.stabilityTolerance,
                                                        hessianTolerance: options.hessianTolerance))
            } catch { return .failure(error) }
        }
        var points: [FoundPoint] = []
        for (k, rep) in representatives.enumerated() {
            let c: PointClassification
            switch classifications[k] { case .success(let v): c = v; case .failure(let e): throw e }
            let f = network.field(rep.result.state)
            points.append(FoundPoint(index: k, state: rep.result.state, kind: rep.result.outcome,
                                     energy: RateNetwork.halfSquaredNorm(f), residualMax: RateNetwork.maxNorm(f),
                                     residualNorm: euclideanNorm(f), classification: c, starts: rep.starts,
                                     nearestImage: nil, nearestDistance: nil, mirror: nil))
        }
        for a in points.indices {
            points[a].mirror = points.indices.first { b in
                b != a && zip(points[a].state, points[b].state).allSatisfy { Swift.abs($0 + $1) <= options.duplicateTolerance }
            }
        }
        if let data, data.rows > 0 {
            let nearest = NearestImage.search(points.map(\.state), data: data, comparison: options.comparison,
                                              activation: network.activation, threads: options.threads)
            for k in points.indices { points[k].nearestImage = nearest[k].index; points[k].nearestDistance = nearest[k].distance }
        }
        let t2 = clock.now
        return FixedPointReport(neuronCount: n, activation: network.activation, points: points, starts: records,
                                solveSeconds: seconds(t1 - t0), classifySeconds: seconds(t2 - t1))
    }

    static func maxDistance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { Swift.max($0, Swift.abs($1.0 - $1.1)) }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
