import XCTest
import Foundation
import DenseKernels

/// The Gaussian and uniform streams: contract, bulk = scalar bit for bit, and distribution checks.
///
/// Statistical bands (fixed seeds, so each check is deterministic; a band of 5 standard errors makes a
/// false alarm for a correct generator a ~1e-6 event per check, while a wrong variance, a missing sign
/// or a lane mix-up moves the statistic by hundreds of standard errors):
/// * mean of N values: SE = 1/√N;
/// * sample variance: SE = √(2/N) (normal fourth moment 3);
/// * excess kurtosis: SE ≈ √(24/N);
/// * P(|z| > 3) = 0.0026998: count SE = √(N·p·(1−p));
/// * Kolmogorov–Smirnov: P(√N·D > 1.95) ≈ 0.001 for the exact distribution.
final class GaussianStreamTests: XCTestCase {
    func testBulkFillIsBitIdenticalToScalarAccessorsAtAnyOffsetAndLength() {
        let stream = RandomStream(seed: 0x1234_5678_9ABC, stream: 3)
        // Offsets include one just below the 2^32-block boundary, where the high counter word changes.
        let starts: [UInt64] = [0, 1, 2, 3, 5, 1023, (1 << 34) - 9]
        for start in starts {
            for length in [0, 1, 3, 4, 7, 64, 1025, 5003] {
                var g = [Float](repeating: .nan, count: length), u = g
                g.withUnsafeMutableBufferPointer { stream.fillGaussian($0, startingAt: start) }
                u.withUnsafeMutableBufferPointer { stream.fillUniform($0, startingAt: start) }
                for i in 0..<length {
                    let index = start + UInt64(i)
                    if g[i].bitPattern != stream.gaussian(index).bitPattern || u[i] != stream.uniform(index) {
                        XCTFail("start \(start) length \(length) i \(i)"); return
                    }
                }
            }
        }
    }

    func testGaussianFollowsTheBoxMullerLaneContract() {
        let stream = RandomStream(seed: 7, stream: 11)
        for m in UInt64(0)..<2000 {
            let w = stream.block(m)
            let u = [w.x, w.y, w.z, w.w].map { Double(Philox4x32.uniform($0)) }
            for lane in 0..<4 {
                let (a, b) = lane < 2 ? (u[0], u[1]) : (u[2], u[3])
                let rho = (-2 * Foundation.log(a)).squareRoot()
                let expected = lane % 2 == 0 ? rho * Foundation.cos(2 * Double.pi * b) : rho * Foundation.sin(2 * Double.pi * b)
                let got = Double(stream.gaussian(4 * m + UInt64(lane)))
                // Float log/sin/cos errors (≤ 3e-7 abs) scaled by ρ ≤ 5.9, plus output rounding.
                XCTAssertEqual(got, expected, accuracy: 4e-6, "block \(m) lane \(lane)")
            }
        }
    }

    func testMomentsAndTailFrequencyAreThoseOfTheStandardNormal() {
        let n = 1 << 20
        var z = [Float](repeating: 0, count: n)
        RandomStream(seed: 2024, stream: 1).fillGaussian(&z, startingAt: 0)
        var s1 = 0.0, s2 = 0.0, s4 = 0.0, tail = 0
        for v in z {
            let d = Double(v)
            s1 += d; s2 += d * d; s4 += d * d * d * d
            if abs(d) > 3 { tail += 1 }
        }
        let N = Double(n)
        let mean = s1 / N, variance = s2 / N - mean * mean, kurtosis = s4 / N / (variance * variance) - 3
        XCTAssertLessThan(abs(mean), 5 / N.squareRoot())
        XCTAssertLessThan(abs(variance - 1), 5 * (2 / N).squareRoot())
        XCTAssertLessThan(abs(kurtosis), 5 * (24 / N).squareRoot())
        let p = 0.0026997960632601866
        XCTAssertLessThan(abs(Double(tail) - N * p), 5 * (N * p * (1 - p)).squareRoot())
    }

    func testKolmogorovSmirnovAgainstNormalCDF() {
        let n = 1 << 17
        var z = [Float](repeating: 0, count: n)
        RandomStream(seed: 99, stream: 5).fillGaussian(&z, startingAt: 12345)
        z.sort()
        var d = 0.0
        for (i, v) in z.enumerated() {
            let f = 0.5 * Foundation.erfc(-Double(v) / 2.0.squareRoot())
            d = max(d, abs(f - Double(i) / Double(n)), abs(f - Double(i + 1) / Double(n)))
        }
        XCTAssertLessThan(d * Double(n).squareRoot(), 1.95, "KS statistic D = \(d)")
    }

    func testDistinctStreamsAndSeedsAreUncorrelated() {
        let n = 1 << 16
        var a = [Float](repeating: 0, count: n), b = a, c = a
        RandomStream(seed: 1, stream: 0).fillGaussian(&a, startingAt: 0)
        RandomStream(seed: 1, stream: 1).fillGaussian(&b, startingAt: 0)
        RandomStream(seed: 2, stream: 0).fillGaussian(&c, startingAt: 0)
        // Correlation of independent normals has SE 1/√N.
        for (x, y) in [(a, b), (a, c)] {
            let r = zip(x, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } / Double(n)
            XCTAssertLessThan(abs(r), 5 / Double(n).squareRoot())
        }
    }

    func testUniformsAreInOpenUnitIntervalWithUniformMean() {
        let n = 1 << 16
        var u = [Float](repeating: 0, count: n)
        u.withUnsafeMutableBufferPointer { RandomStream(seed: 3, stream: 4).fillUniform($0, startingAt: 1) }
        XCTAssertTrue(u.allSatisfy { $0 > 0 && $0 < 1 })
        let mean = u.reduce(0.0) { $0 + Double($1) } / Double(n)
        XCTAssertLessThan(abs(mean - 0.5), 5 * (1.0 / 12 / Double(n)).squareRoot())  // SE of a U(0,1) mean
    }
}
