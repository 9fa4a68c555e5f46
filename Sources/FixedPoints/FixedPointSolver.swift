import LinearAlgebra

/// What a single solve from one start ended in.
public enum SolveOutcome: String, Sendable, Hashable {
    /// ‖F(x)‖∞ ≤ `residualTolerance`: a true fixed point (a zero of E).
    case fixedPoint
    /// ‖∇E(x)‖∞ ≤ `gradientTolerance` with ‖F‖∞ above the residual tolerance: a stationary point of E with
    /// E > 0, a "slow point" (the RNN flow passes it slowly but does not stop).
    case slowPoint
    /// The iteration budget ran out or the iterate left the finite numbers.
    case notConverged
}

/// The end of one solve.
public struct SolveResult: Sendable {
    public var state: [Double]
    public var outcome: SolveOutcome
    /// E(x) = ½‖F(x)‖² at the end.
    public var energy: Double
    /// ‖F(x)‖∞ at the end.
    public var residualMax: Double
    /// ‖∇E(x)‖∞ at the end.
    public var gradientMax: Double
    public var iterations: Int
    /// Newton steps taken (full or damped) and Levenberg–Marquardt steps taken.
    public var newtonSteps: Int
    public var levenbergMarquardtSteps: Int
}

/// Solver settings. The defaults suit N up to ~1000 with O(1) couplings.
public struct SolverOptions: Sendable, Equatable {
    /// A start has converged to a fixed point when ‖F(x)‖∞ ≤ this.
    public var residualTolerance: Double = 1e-10
    /// A start has converged to a slow point when ‖∇E(x)‖∞ ≤ this and E > `slowPointEnergy`.
    public var gradientTolerance: Double = 1e-10
    /// Smallest E of a slow point: below it a small gradient means "almost at a zero", and iterating goes on.
    public var slowPointEnergy: Double = 1e-14
    /// Newton + Levenberg–Marquardt iterations per start.
    public var maxIterations: Int = 200
    /// Smallest damping factor α of the Newton line search before switching to Levenberg–Marquardt.
    public var minimumStep: Double = 1.0 / 1024
    /// Armijo constant c: a damped Newton step is accepted when E(x + αδ) ≤ (1 − 2cα)E(x).
    public var armijo: Double = 1e-4
    /// Consecutive damped (α < 1) Newton steps after which the solver switches to Levenberg–Marquardt
    /// (Newton crawling with small α is the sign of a minimum of E with E > 0 nearby).
    public var maxDampedNewtonSteps: Int = 8
    public init() {}
}

/// Finds zeros of F(x) = −x + Jφ(x) + b, and minima of E = ½‖F‖² where F has no zero nearby.
///
/// Algorithm, from a start x₀:
/// 1. **Damped Newton.** Solve DF(x)·δ = −F(x) with an LU factorisation with partial pivoting
///    (``LinearAlgebra/LUDecomposition``, 2N³/3 flops). Along δ the slope of E is ∇Eᵀδ = FᵀDFδ = −2E, so
///    δ is always a descent direction; backtrack α = 1, ½, ¼, … until the Armijo condition
///    E(x + αδ) ≤ (1 − 2cα)E(x) holds. Near a nonsingular zero the full step is taken and convergence is
///    quadratic.
/// 2. **Levenberg–Marquardt fallback**, used from the first time DF is singular to working precision or
///    the line search falls below `minimumStep` or `maxDampedNewtonSteps` consecutive steps were damped
///    (both happen near a minimum of E with E > 0): solve
///    (DFᵀDF + μI)δ = −DFᵀF, accept the step if it lowers E (then μ ← μ/3), else μ ← 4μ and retry (up to
///    40 times). As μ → 0 this is Gauss–Newton, which for square nonsingular DF is Newton again, so true
///    zeros are still found quadratically; at a minimum with E > 0 it converges linearly.
/// 3. **Stop** when ‖F‖∞ ≤ `residualTolerance` (fixed point), when ‖∇E‖∞ ≤ `gradientTolerance` with
///    E > `slowPointEnergy` (slow point), or, if no μ lowers E any more, as a slow point when
///    ‖∇E‖∞ ≤ √`gradientTolerance` and E > `slowPointEnergy` (E is then flat to rounding: comparing E
///    values locates a minimum only to ≈ √(eps·E/E″)), otherwise as not converged. The iteration budget is
///    `maxIterations`.
///
/// Cost per iteration: O(N²) for F and DF plus one LU (Newton) or one N³ product and up to a few LUs (LM).
/// For N = 784 an LU takes ~50 ms on one core.
public struct FixedPointSolver: Sendable {
    public let network: RateNetwork
    public var options: SolverOptions

    public init(network: RateNetwork, options: SolverOptions = SolverOptions()) {
        self.network = network
        self.options = options
    }

    /// Solves from `start` (N entries).
    public func solve(from start: [Double]) -> SolveResult {
        precondition(start.count == network.neuronCount, "start has \(start.count) entries, network \(network.neuronCount)")
        var x = start
        var f = network.field(x)
        var e = RateNetwork.halfSquaredNorm(f)
        var newton = 0, lm = 0
        var useNewton = true
        var damped = 0
        var mu: Double? = nil
        var result = SolveResult(state: x, outcome: .notConverged, energy: e, residualMax: RateNetwork.maxNorm(f),
                                 gradientMax: .infinity, iterations: 0, newtonSteps: 0, levenbergMarquardtSteps: 0)
        func finish(_ outcome: SolveOutcome, _ iterations: Int, gradient: Double) -> SolveResult {
            result.state = x; result.outcome = outcome; result.energy = e
            result.residualMax = RateNetwork.maxNorm(f); result.gradientMax = gradient
            result.iterations = iterations; result.newtonSteps = newton; result.levenbergMarquardtSteps = lm
            return result
        }
        for iteration in 0..<options.maxIterations {
            guard e.isFinite else { return finish(.notConverged, iteration, gradient: .infinity) }
            let g = network.energyGradient(x, field: f)
            let gMax = RateNetwork.maxNorm(g)
            if RateNetwork.maxNorm(f) <= options.residualTolerance { return finish(.fixedPoint, iteration, gradient: gMax) }
            if gMax <= options.gradientTolerance && e > options.slowPointEnergy {
                return finish(.slowPoint, iteration, gradient: gMax)
            }
            let df = network.jacobian(x)
            if useNewton, let step = newtonStep(df, f), let (xn, fn, en, alpha) = lineSearch(x, step, e) {
                x = xn; f = fn; e = en; newton += 1
                damped = alpha < 1 ? damped + 1 : 0
                if damped >= options.maxDampedNewtonSteps { useNewton = false }
                continue
            }
            useNewton = false
            guard let (xn, fn, en, m) = levenbergMarquardtStep(x, df, g, e, mu) else {
                let outcome: SolveOutcome = gMax <= options.gradientTolerance.squareRoot() && e > options.slowPointEnergy
                    ? .slowPoint : .notConverged
                return finish(outcome, iteration, gradient: gMax)
            }
            x = xn; f = fn; e = en; mu = m; lm += 1
        }
        let g = network.energyGradient(x, field: f)
        let gMax = RateNetwork.maxNorm(g)
        let outcome: SolveOutcome = RateNetwork.maxNorm(f) <= options.residualTolerance ? .fixedPoint
            : (gMax <= options.gradientTolerance && e > options.slowPointEnergy ? .slowPoint : .notConverged)
        return finish(outcome, options.maxIterations, gradient: gMax)
    }

    /// δ = −DF⁻¹F, or nil when DF is singular to working precision.
    func newtonStep(_ df: RealMatrix, _ f: [Double]) -> [Double]? {
        guard let lu = try? LUDecomposition(df), !lu.isSingular,
              let step = try? lu.solve(f.map { -$0 }), step.allSatisfy(\.isFinite) else { return nil }
        return step
    }

    /// Backtracking on E along δ with the Armijo condition; nil if α would fall below `minimumStep`.
    func lineSearch(_ x: [Double], _ step: [Double], _ e: Double) -> ([Double], [Double], Double, Double)? {
        var alpha = 1.0
        while alpha >= options.minimumStep {
            let trial = zip(x, step).map { $0 + alpha * $1 }
            let f = network.field(trial)
            let en = RateNetwork.halfSquaredNorm(f)
            if en <= (1 - 2 * options.armijo * alpha) * e { return (trial, f, en, alpha) }
            alpha *= 0.5
        }
        return nil
    }

    /// One accepted Levenberg–Marquardt step, with the damping μ it used; nil if no μ lowers E.
    func levenbergMarquardtStep(_ x: [Double], _ df: RealMatrix, _ g: [Double], _ e: Double,
                                _ previousMu: Double?) -> ([Double], [Double], Double, Double)? {
        guard let a = try? df.transposed.multiplied(by: df) else { return nil }
        let n = network.neuronCount
        let scale = Swift.max(a.diagonalEntries.max() ?? 1, Double.leastNormalMagnitude)
        var mu = previousMu ?? 1e-3 * scale
        let rhs = g.map { -$0 }
        for _ in 0..<40 {
            var damped = a.elements
            for i in 0..<n { damped[i * n + i] += mu }
            if let m = try? RealMatrix(rows: n, columns: n, elements: damped),
               let lu = try? LUDecomposition(m), !lu.isSingular, let step = try? lu.solve(rhs) {
                let trial = zip(x, step).map { $0 + $1 }
                let f = network.field(trial)
                let en = RateNetwork.halfSquaredNorm(f)
                if en < e { return (trial, f, en, Swift.max(mu / 3, 1e-15 * scale)) }
            }
            mu *= 4
            if mu > 1e20 * scale { break }
        }
        return nil
    }
}
