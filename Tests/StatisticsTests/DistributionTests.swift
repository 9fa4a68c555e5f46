import Foundation
import Statistics
import XCTest

final class DistributionTests: XCTestCase {
    /// Published values: Φ(1.96) = 0.9750021048517795, Φ⁻¹(0.975) = 1.959963984540054, Φ⁻¹(1e-10) = −6.361340902404056.
    func testNormalDistributionMatchesTabulatedValues() {
        XCTAssertEqual(NormalDistribution.cdf(1.96), 0.9750021048517795, accuracy: 1e-15)
        XCTAssertEqual(NormalDistribution.quantile(0.975), 1.959963984540054, accuracy: 1e-12)
        XCTAssertEqual(NormalDistribution.quantile(1e-10), -6.361340902404056, accuracy: 1e-9)
        for p in [1e-6, 0.01, 0.3, 0.5, 0.77, 0.999] {
            XCTAssertEqual(NormalDistribution.cdf(NormalDistribution.quantile(p)), p, accuracy: 1e-13 * max(1, p / 1e-3))
        }
    }

    /// Closed forms: ν = 1 is Cauchy, F(t) = ½ + atan(t)/π; ν = 2 has F(t) = ½ + t/(2√(2 + t²)); and the table
    /// value t₀.₉₇₅(10) = 2.228138851986.
    func testStudentTMatchesClosedFormsAndTables() {
        for t in [-3.0, -0.5, 0, 0.7, 2, 10] {
            XCTAssertEqual(StudentT.cdf(t, degreesOfFreedom: 1), 0.5 + atan(t) / Double.pi, accuracy: 1e-13)
            XCTAssertEqual(StudentT.cdf(t, degreesOfFreedom: 2), 0.5 + t / (2 * (2 + t * t).squareRoot()), accuracy: 1e-13)
        }
        XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: 10), 2.228138851986, accuracy: 1e-9)
        XCTAssertEqual(StudentT.cdf(2.228138851986, degreesOfFreedom: 10), 0.975, accuracy: 1e-11)
        // Large ν approaches the normal distribution.
        XCTAssertEqual(StudentT.cdf(1.96, degreesOfFreedom: 1e7), NormalDistribution.cdf(1.96), accuracy: 1e-7)
    }

    /// I_x(1, 1) = x, I_x(a, 1) = xᵃ, I_x(1, b) = 1 − (1 − x)ᵇ, and the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
    func testIncompleteBetaClosedForms() {
        for x in [0.01, 0.2, 0.5, 0.9] {
            XCTAssertEqual(IncompleteBeta.regularized(x: x, a: 1, b: 1), x, accuracy: 1e-14)
            XCTAssertEqual(IncompleteBeta.regularized(x: x, a: 3.5, b: 1), pow(x, 3.5), accuracy: 1e-13)
            XCTAssertEqual(IncompleteBeta.regularized(x: x, a: 1, b: 2.5), 1 - pow(1 - x, 2.5), accuracy: 1e-13)
            XCTAssertEqual(IncompleteBeta.regularized(x: x, a: 2.3, b: 7.1),
                           1 - IncompleteBeta.regularized(x: 1 - x, a: 7.1, b: 2.3), accuracy: 1e-13)
        }
    }
}
