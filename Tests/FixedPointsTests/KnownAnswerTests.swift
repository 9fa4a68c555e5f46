import DenseKernels
import FixedPoints
import LangevinMachine
import LinearAlgebra
import XCTest

/// Fixed points with analytic answers: J = 0, linear networks, a 2-neuron pair, a Hopfield network, and a
/// network whose energy has no zero (slow point).
final class KnownAnswerTests: XCTestCase {
    func starts(_ count: Int, _ n: Int, seed: UInt64, scale: Double) -> [[Double]] {
        (0..<count).map { r in (0..<n).map { scale * Double(RandomStream(seed: seed, stream: UInt64(r)).gaussian(UInt64($0))) } }
    }

    func testZeroCouplingsHaveOnlyTheOriginAndItIsStable() throws {
        // F(x) = −x: the unique zero is 0, DF = −I (all eigenvalues −1), ∇²E = I.
        let net = try RateNetwork(couplings: RealMatrix(rows: 5, columns: 5))
        let report = try FixedPointAnalysis.run(net, starts: starts(6, 5, seed: 1, scale: 3))
        XCTAssertEqual(report.points.count, 1)
        let p = try XCTUnwrap(report.points.first)
        XCTAssertEqual(p.hits, 6)
        XCTAssertLessThanOrEqual(p.state.map(abs).max()!, 1e-12)
        XCTAssertEqual(p.classification.rateNetwork, .stable)
        XCTAssertEqual(p.classification.energyGradient, .stable)
        for l in p.classification.jacobianEigenvalues { XCTAssertEqual(l.re, -1, accuracy: 1e-12); XCTAssertEqual(l.im, 0, accuracy: 1e-12) }
    }

    func testLinearNetworkSolutionIsInverseOfIMinusJTimesBiasAndClassIsSetByEigenvaluesOfJMinusI() throws {
        // φ(x) = x: F = (J − I)x + b, unique zero x* = (I − J)⁻¹b, DF = J − I. J = diag(0.5, 2, 3) in a
        // rotated basis has eigenvalues of J − I = −0.5, 1, 2: a saddle with 2 unstable directions.
        let q = try RealMatrix([[0.6, 0.8, 0], [-0.8, 0.6, 0], [0, 0, 1]])   // orthogonal
        let j = try q.multiplied(by: RealMatrix.diagonal([0.5, 2, 3])).multiplied(by: q.transposed)
        let b = [1.0, -2.0, 0.5]
        var options = AnalysisOptions(); options.activation = .identity
        let report = try FixedPointAnalysis.run(try RateNetwork(couplings: j, bias: b, activation: .identity),
                                                starts: starts(4, 3, seed: 2, scale: 5), options: options)
        XCTAssertEqual(report.points.count, 1)
        let expected = try LUDecomposition(try RealMatrix.identity(3) - j).solve(b)
        let p = try XCTUnwrap(report.points.first)
        for i in 0..<3 { XCTAssertEqual(p.state[i], expected[i], accuracy: 1e-10) }
        XCTAssertEqual(p.classification.rateNetwork, .saddle(unstableDirections: 2))
        // For the gradient flow every nonsingular zero is a minimum of E: stable.
        XCTAssertEqual(p.classification.energyGradient, .stable)
        let re = p.classification.jacobianEigenvalues.map(\.re).sorted()
        for (a, e) in zip(re, [-0.5, 1, 2]) { XCTAssertEqual(a, e, accuracy: 1e-10) }
    }

    func testTwoNeuronPairCountChangesAtUnitGainAndMatchesAFineGrid() throws {
        // x1 = w tanh x2, x2 = w tanh x1. Zeros satisfy x1 = w tanh(w tanh x1): for w ≤ 1 only 0; for w > 1
        // also ±(a, a) with a = w tanh a (a > 0), plus possibly more. Count sign changes of
        // g(x1) = w tanh(w tanh x1) − x1 on a fine grid as the reference.
        for w in [0.8, 1.5, 3.0] {
            let j = try RealMatrix([[0, w], [w, 0]])
            let net = try RateNetwork(couplings: j)
            let report = try FixedPointAnalysis.run(net, starts: starts(40, 2, seed: 3, scale: 3))
            var gridRoots = 0
            var previous = w * tanh(w * tanh(-10.0)) + 10
            for k in 1...200_001 {
                let x = -10 + 20 * Double(k) / 200_001
                let g = w * tanh(w * tanh(x)) - x
                if (g > 0) != (previous > 0) || g == 0 { gridRoots += 1 }
                previous = g
            }
            // E = ½‖F‖² may also have minima with E > 0 (slow points); the zeros are the fixed points.
            let fixed = report.points.filter { $0.kind == .fixedPoint }
            XCTAssertEqual(fixed.count, gridRoots, "w = \(w)")
            XCTAssertEqual(gridRoots, w <= 1 ? 1 : 3, "w = \(w)")
            for p in report.points where p.kind == .slowPoint {
                XCTAssertGreaterThan(p.energy, 1e-6)
                XCTAssertLessThanOrEqual(p.classification.hessianEigenvalues.count, 2)
            }
            for p in fixed {
                XCTAssertEqual(p.state[0], w * tanh(p.state[1]), accuracy: 1e-10)
                // DF = [[−1, w s2], [w s1, −1]], eigenvalues −1 ± w√(s1 s2): origin stable iff w < 1.
                if p.state.map(abs).max()! < 1e-9 {
                    XCTAssertEqual(p.classification.rateNetwork, w < 1 ? .stable : .saddle(unstableDirections: 1), "w = \(w)")
                } else {
                    XCTAssertEqual(p.classification.rateNetwork, .stable, "w = \(w)")
                    XCTAssertNotNil(p.mirror)
                }
            }
        }
    }

    func testHopfieldNetworkStoresPatternsAsStableFixedPointsNearThePatterns() throws {
        // J = (β/N) Σ_μ ξ^μ ξ^μᵀ with zero diagonal, two orthogonal ±1 patterns, β = 4. For x = cξ¹:
        // (Jφ(x))_a = tanh(c) Σ_{b≠a} J_ab ξ¹_b = tanh(c)·β/N·[(N − 1)ξ¹_a − ξ¹_a] (ξ²·ξ¹ = 0 and the
        // removed diagonal term of pattern 2 is ξ²_a ξ²_a ξ¹_a = ξ¹_a), so x = cξ¹ is a fixed point iff
        // c = β(N − 2)/N · tanh c = 3 tanh c, c ≈ 2.985.
        let n = 8
        let xi: [[Double]] = [[1, 1, 1, 1, -1, -1, -1, -1], [1, -1, 1, -1, 1, -1, 1, -1]]
        let beta = 4.0
        let j = RealMatrix(rows: n, columns: n) { a, b in
            a == b ? 0 : beta / Double(n) * xi.reduce(0) { $0 + $1[a] * $1[b] }
        }
        let net = try RateNetwork(couplings: j)
        let s = xi.flatMap { p in [p.map { 1.2 * $0 }, p.map { -1.2 * $0 }] }
        let report = try FixedPointAnalysis.run(net, starts: s)
        XCTAssertEqual(report.points.count, 4)
        var c = 3.0
        for _ in 0..<200 { c = beta * Double(n - 2) / Double(n) * tanh(c) }   // converges: slope 3(1 − tanh²c) ≈ 0.03
        for (k, p) in report.points.enumerated() {
            let sign = k % 2 == 0 ? 1.0 : -1.0
            for i in 0..<n { XCTAssertEqual(p.state[i], sign * c * xi[k / 2][i], accuracy: 1e-8) }
            XCTAssertEqual(p.classification.rateNetwork, .stable)
            XCTAssertEqual(p.classification.energyGradient, .stable)
        }
    }

    func testSlowPointIsFoundWhereNoZeroExists() throws {
        // One neuron, F(x) = −x + 3 tanh x − 2.6. F′ = −1 + 3(1 − tanh²x) vanishes at x_m = atanh √(2/3),
        // where F has a local maximum F(x_m) = −x_m + 3√(2/3) − 2.6 ≈ −1.30 < 0: |F| has a local minimum
        // with E > 0 there (a slow point). F(−6) > 0 > F(−4), so the only zero lies near −5.6.
        let net = try RateNetwork(couplings: RealMatrix([[3]]), bias: [-2.6])
        let solver = FixedPointSolver(network: net)
        let r = solver.solve(from: [1.0])
        let xMin = atanh((2.0 / 3.0).squareRoot())
        XCTAssertEqual(r.outcome, .slowPoint)
        // Comparing E values resolves a minimum only to δ ≈ √(eps·E/E″) ≈ 1e-8 here (E ≈ 0.84, E″ ≈ 2.1).
        XCTAssertEqual(r.state[0], xMin, accuracy: 1e-7)
        let f = -xMin + 3 * tanh(xMin) - 2.6
        XCTAssertEqual(r.energy, 0.5 * f * f, accuracy: 1e-12)
        // The slow point is a local minimum of E: stable for the gradient flow, not a rest point of F.
        let report = try FixedPointAnalysis.run(net, starts: [[1.0], [-4.0]])
        let kinds = report.points.map(\.kind)
        XCTAssertEqual(kinds.sorted { $0.rawValue < $1.rawValue }, [.fixedPoint, .slowPoint])
        let slow = try XCTUnwrap(report.points.first { $0.kind == .slowPoint })
        XCTAssertEqual(slow.classification.energyGradient, .stable)
    }
}
