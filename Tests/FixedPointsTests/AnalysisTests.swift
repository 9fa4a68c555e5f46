import DenseKernels
import FixedPoints
import LangevinMachine
import LinearAlgebra
import XCTest

/// De-duplication, hit counts, determinism, nearest images, verification against the simulator, spectra.
final class AnalysisTests: XCTestCase {
    func gaussianRows(_ count: Int, _ n: Int, seed: UInt64, scale: Float) -> Matrix {
        var m = Matrix(rows: count, cols: n)
        for r in 0..<count { for c in 0..<n { m[r, c] = scale * RandomStream(seed: seed, stream: UInt64(r)).gaussian(UInt64(c)) } }
        return m
    }

    func testDuplicatesMergeWithHitCountsAndResultsDoNotDependOnThreads() throws {
        // Repeating every start three times must triple every hit count and change nothing else; one and
        // two threads must give identical points.
        let p = Parameters.random(neurons: 12, gain: 1.8, seed: 11, bias: false)
        let base = gaussianRows(8, 12, seed: 5, scale: 2)
        var repeated = Matrix(rows: 24, cols: 12)
        for r in 0..<24 { for c in 0..<12 { repeated[r, c] = base[r % 8, c] } }
        var one = AnalysisOptions(); one.threads = 1
        var two = AnalysisOptions(); two.threads = 2
        let a = try FixedPointAnalysis.run(p, starts: base, options: one)
        let b = try FixedPointAnalysis.run(p, starts: repeated, options: two)
        XCTAssertEqual(a.points.count, b.points.count)
        XCTAssertEqual(a.points.map(\.hits).reduce(0, +) + a.unconvergedStarts, 8)
        for (x, y) in zip(a.points, b.points) {
            XCTAssertEqual(x.state, y.state)
            XCTAssertEqual(y.hits, 3 * x.hits)
            XCTAssertEqual(y.starts, x.starts.flatMap { [$0, $0 + 8, $0 + 16] }.sorted())
        }
        // Distinct points are farther apart than the tolerance; each start's point is within it.
        for i in a.points.indices { for j in a.points.indices where j > i {
            XCTAssertGreaterThan(zip(a.points[i].state, a.points[j].state).map { abs($0 - $1) }.max()!, 1e-6)
        } }
        let b2 = try FixedPointAnalysis.run(p, starts: repeated, options: one)
        XCTAssertEqual(b.points.map(\.state), b2.points.map(\.state))
    }

    func testNearestTrainingImageIsTheOneClosestInRates() throws {
        // The data contain a slightly perturbed copy of a fixed point x* at row 2: it must be x*'s nearest
        // image, at the rate distance ‖tanh x* − tanh d₂‖ computed here in Double.
        let p = Parameters.random(neurons: 10, gain: 2, seed: 3, bias: false)
        let starts = gaussianRows(6, 10, seed: 9, scale: 2)
        let report0 = try FixedPointAnalysis.run(p, starts: starts)
        let x = try XCTUnwrap(report0.points.first { $0.state.map(abs).max()! > 0.1 }).state
        var data = gaussianRows(5, 10, seed: 21, scale: 1)
        for c in 0..<10 { data[2, c] = Float(x[c]) + (c == 0 ? 0.01 : 0) }
        let report = try FixedPointAnalysis.run(p, starts: starts, data: data)
        let q = try XCTUnwrap(report.points.first { $0.state == x })
        XCTAssertEqual(q.nearestImage, 2)
        let expected = zip(q.state, (0..<10).map { Double(data[2, $0]) }).map { tanh($0) - tanh($1) }
        XCTAssertEqual(q.nearestDistance!, euclideanNorm(expected), accuracy: 1e-6)
    }

    func testSimulatedFlowsLandOnTheSolversStablePointsForARandomNetwork() throws {
        // g = 1.5, N = 20: both the RNN flow and the NLM's own dense dynamics at T = 0 (DenseDynamics)
        // must converge, from every start, to a solver point within 1e-4 that is stable for that flow.
        let p = Parameters.random(neurons: 20, gain: 1.5, seed: 7, bias: false)
        let starts = gaussianRows(8, 20, seed: 3, scale: 2)
        let report = try FixedPointAnalysis.run(p, starts: starts)
        var options = VerificationOptions(); options.maxSteps = 50_000
        let v = try FlowVerification.run(p, starts: starts, report: report, options: options)
        XCTAssertTrue(v.agrees, v.table())
        XCTAssertEqual(v.count(.agrees), 16, v.table())
        for r in v.runs { XCTAssertLessThanOrEqual(r.distance, 1e-4) }
        // The NLM flow reaches RNN-flow saddles as stable points (gradient descent on E = ½‖F‖²).
        let points = v.solverReport.points
        for r in v.runs where r.flow == .rateNetwork {
            XCTAssertEqual(points[r.nearestPoint!].classification.rateNetwork, .stable)
        }
    }

    func testSpectrumOfKnownMatrix() throws {
        // J = [[0, 2, 0], [−2, 0, 0], [0, 0, 1]]: eigenvalues ±2i and 1; symmetric part diag(0, 0, 1);
        // antisymmetric part has ±2i and 0; ‖J − Jᵀ‖_F/‖J‖_F = √32/3.
        let j = Matrix(rows: 3, cols: 3, storage: [0, 2, 0, -2, 0, 0, 0, 0, 1])
        let s = try SpectrumAnalysis.run(j)
        XCTAssertEqual(s.spectralRadius, 2, accuracy: 1e-12)
        XCTAssertEqual(s.largestRealPart, 1, accuracy: 1e-12)
        for (a, e) in zip(s.symmetricEigenvalues, [0.0, 0, 1]) { XCTAssertEqual(a, e, accuracy: 1e-12) }
        for (a, e) in zip(s.antisymmetricFrequencies, [-2.0, 0, 2]) { XCTAssertEqual(a, e, accuracy: 1e-12) }
        XCTAssertEqual(s.asymmetry, 32.0.squareRoot() / 3, accuracy: 1e-12)
        XCTAssertEqual(s.diagonalMean, 1.0 / 3, accuracy: 1e-12)
        // circular-law radius: off-diagonal entries {2, −2, 0, 0, 0, 0}: mean 0, variance 8/6, × N = 4.
        XCTAssertEqual(s.circularLawRadius, 2, accuracy: 1e-12)
    }

    func testBadInputThrowsInsteadOfTrapping() {
        let p = Parameters.random(neurons: 4, gain: 1, seed: 1, bias: false)
        XCTAssertThrowsError(try FixedPointAnalysis.run(p, starts: Matrix(rows: 2, cols: 3)))
        XCTAssertThrowsError(try FixedPointAnalysis.run(p, starts: Matrix(rows: 2, cols: 4), data: Matrix(rows: 3, cols: 5)))
        XCTAssertThrowsError(try SpectrumAnalysis.run(Matrix(rows: 2, cols: 3)))
        var nan = Matrix(rows: 1, cols: 4); nan[0, 1] = .nan
        XCTAssertThrowsError(try FixedPointAnalysis.run(p, starts: nan))
    }
}
