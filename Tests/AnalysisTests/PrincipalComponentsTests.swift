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

    /// The sign convention: data spread along u = −(1, 2, 0)/√5 yields the component +(1, 2, 0)/√5 (largest
    /// |entry| positive) whatever the orientation of the generating vector.
    func testComponentsHaveTheirLargestEntryPositive() throws {
        let s = RandomStream(seed: 11, stream: 0)
        var x = Matrix(rows: 500, cols: 3)
        for i in 0..<500 {
            let z = 2 * s.gaussian(UInt64(4 * i))
            x[i, 0] = -z / Float(5).squareRoot() + 0.05 * s.gaussian(UInt64(4 * i + 1))
            x[i, 1] = -2 * z / Float(5).squareRoot() + 0.05 * s.gaussian(UInt64(4 * i + 2))
            x[i, 2] = 0.05 * s.gaussian(UInt64(4 * i + 3))
        }
        let pca = try PrincipalComponents(data: x, components: 3)
        XCTAssertEqual(pca.components[0, 0], 1 / Float(5).squareRoot(), accuracy: 0.01)
        XCTAssertEqual(pca.components[0, 1], 2 / Float(5).squareRoot(), accuracy: 0.01)
        for k in 0..<3 {
            let row = (0..<3).map { pca.components[k, $0] }
            XCTAssertGreaterThan(row.max { abs($0) < abs($1) }!, 0)
        }
    }

    /// A trajectory moving along the first component by one unit per frame projects to scores 0, 1, 2, … on
    /// it (from the mean) and ~0 on the second; its path length in the PC plane is T − 1.
    func testTrajectoryProjectionFollowsTheLeadingComponent() throws {
        let x = gaussianMatrix(400, 4, seed: 12, scale: 1)
        var stretched = x
        for i in 0..<400 { stretched[i, 2] *= 5 }
        let pca = try PrincipalComponents(data: stretched, components: 2)
        var trajectory = Matrix(rows: 6, cols: 4)
        for t in 0..<6 { for j in 0..<4 { trajectory[t, j] = pca.mean[j] + Float(t) * pca.components[0, j] } }
        let p = TrajectoryProjection(trajectory: trajectory, pca: pca)
        for t in 0..<6 {
            XCTAssertEqual(p.scores[t, 0], Float(t), accuracy: 1e-4)
            XCTAssertEqual(p.scores[t, 1], 0, accuracy: 1e-4)
        }
        XCTAssertEqual(p.pathLength, 5, accuracy: 1e-4)
        XCTAssertEqual(p.explainedVarianceRatio.count, 2)
    }
}
