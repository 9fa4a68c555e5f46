import Analysis
import DenseKernels
import Foundation
import XCTest

final class PrincipalComponentsTests: XCTestCase {
    /// Data x = μ + 3z₁u + 1z₂w + 0.1·noise with orthonormal u, w in R⁶: the first two components are ±u and ±w
    /// (|cos| > 0.99) and their variances 9 and 1 within 4 standard errors σ²√(2/(n − 1)) of a sample variance.
    func testRecoversKnownDirectionsAndVariances() throws {
        let n = 4000, d = 6
        let u: [Float] = [1, 1, 0, 0, 0, 0].map { $0 / Float(2).squareRoot() }
        let w: [Float] = [0, 0, 1, -1, 1, -1].map { $0 / 2 }
        let s = RandomStream(seed: 8, stream: 0)
        var x = Matrix(rows: n, cols: d)
        for i in 0..<n {
            let z1 = s.gaussian(UInt64(8 * i)), z2 = s.gaussian(UInt64(8 * i + 1))
            for j in 0..<d { x[i, j] = Float(j) + 3 * z1 * u[j] + z2 * w[j] + 0.1 * s.gaussian(UInt64(8 * i + 2 + j)) }
        }
        let pca = try PrincipalComponents(data: x, components: 2)
        func cosine(_ k: Int, _ v: [Float]) -> Float { abs((0..<d).reduce(0) { $0 + pca.components[k, $1] * v[$1] }) }
        XCTAssertGreaterThan(cosine(0, u), 0.99)
        XCTAssertGreaterThan(cosine(1, w), 0.99)
        XCTAssertEqual(pca.variances[0], 9 + 0.01, accuracy: 4 * 9 * (2.0 / Double(n - 1)).squareRoot())
        XCTAssertEqual(pca.variances[1], 1 + 0.01, accuracy: 4 * 1 * (2.0 / Double(n - 1)).squareRoot())
        XCTAssertEqual(pca.mean[3], 3, accuracy: 0.1)
    }

    /// With all d components, project then reconstruct returns the data (an orthonormal change of basis).
    func testFullReconstructionIsExact() throws {
        let s = RandomStream(seed: 9, stream: 0)
        let x = Matrix(rows: 30, cols: 5, storage: (0..<150).map { s.gaussian(UInt64($0)) })
        let pca = try PrincipalComponents(data: x, components: 5)
        let back = pca.reconstruct(pca.project(x))
        for k in 0..<x.count { XCTAssertEqual(back.storage[k], x.storage[k], accuracy: 1e-4) }
        XCTAssertEqual(pca.explainedVarianceRatio.reduce(0, +), 1, accuracy: 1e-9)
    }

    /// Fréchet distance of Gaussians with diagonal covariances has the closed form
    /// ‖μa − μb‖² + Σ(√a − √b)²; with 20 000 samples each the estimate must be within 5% of it; a set against
    /// itself gives 0.
    func testFrechetDistanceMatchesTheDiagonalClosedForm() throws {
        let n = 20_000
        let sa: [Float] = [1, 2, 0.5], sb: [Float] = [2, 1, 0.5], shift: [Float] = [1, 0, -1]
        let s = RandomStream(seed: 10, stream: 0)
        var a = Matrix(rows: n, cols: 3), b = Matrix(rows: n, cols: 3)
        for i in 0..<n {
            for j in 0..<3 {
                a[i, j] = sa[j] * s.gaussian(UInt64(6 * i + j))
                b[i, j] = shift[j] + sb[j] * s.gaussian(UInt64(6 * i + 3 + j))
            }
        }
        var expected = 0.0
        for j in 0..<3 { expected += Double(shift[j] * shift[j]) + pow(Double(sa[j] - sb[j]), 2) }
        XCTAssertEqual(try FrechetDistance.between(a, b), expected, accuracy: 0.05 * expected)
        XCTAssertEqual(try FrechetDistance.between(a, a), 0, accuracy: 1e-6)
    }

    /// A hand-built label sequence: 3 3 3 _ 6 6 1 1 1 1 6 → visits 3:1 (dwell 3), 6:2 (dwell 2 and 1), 1:1 (dwell 4),
    /// transitions 3→6, 6→1, 1→6 (the unlabelled frame is skipped).
    func testExplorationCountsDwellsAndTransitions() {
        let e = ClassExploration.analyse(labels: [3, 3, 3, nil, 6, 6, 1, 1, 1, 1, 6])
        XCTAssertEqual(e.visits[3], 1); XCTAssertEqual(e.meanDwell[3], 3)
        XCTAssertEqual(e.visits[6], 2); XCTAssertEqual(e.meanDwell[6], 1.5)
        XCTAssertEqual(e.visits[1], 1); XCTAssertEqual(e.meanDwell[1], 4)
        XCTAssertEqual(e.transitions[3][6], 1); XCTAssertEqual(e.transitions[6][1], 1); XCTAssertEqual(e.transitions[1][6], 1)
        XCTAssertEqual(e.switches, 3)
        XCTAssertEqual(e.visitedClasses, [1, 3, 6])
    }
}
