import Foundation
import Statistics

/// The test of a hypothesis's paired differences dₖ = statistic(arm 2) − statistic(arm 1), k = 1…n seeds:
/// the mean difference with a bootstrap confidence interval, the standardised effect d_z = mean/sd, and the
/// p-value of the test fixed in the file —
/// - permutation: sign-flip permutation test of the mean (under H0 each dₖ is as likely as −dₖ), exact when
///   2ⁿ ≤ the permutation budget, otherwise Monte Carlo with the (b + 1)/(m + 1) correction;
/// - equivalence: two one-sided t tests (Schuirmann 1987) of H0: mean ≤ −margin and H0: mean ≥ +margin,
///   p = max of the two; equivalent when p < α (the (1 − 2α) t interval lies within ±margin).
public struct PairedAnalysis: Sendable {
    public var differences: [Double]
    public var meanDifference: Double
    public var standardizedEffect: Double
    public var interval: (lower: Double, upper: Double)
    public var pValue: Double
    public var significant: Bool
    public var verdict: String
    public var testDescription: String

    public init(differences d: [Double], spec: HypothesisSpec) {
        differences = d
        let n = Double(d.count)
        let mean = d.reduce(0, +) / n
        let sd = (d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(n - 1, 1)).squareRoot()
        meanDifference = mean
        standardizedEffect = sd > 0 ? mean / sd : (mean == 0 ? 0 : (mean > 0 ? .infinity : -.infinity))
        let ci = Bootstrap.meanInterval(d, level: spec.level, resamples: spec.resamples, seed: spec.seed)
        interval = (ci.lower, ci.upper)
        let a = spec.arms[0].name, b = spec.arms[1].name
        switch spec.test {
        case .permutation:
            let alternative: PermutationTest.Alternative = spec.alternative == .greater ? .greater
                : spec.alternative == .less ? .less : .twoSided
            let result = PermutationTest.signFlip(d, alternative: alternative, permutations: spec.permutations, seed: spec.seed)
            pValue = result.pValue
            testDescription = "sign-flip permutation test, \(spec.alternative.rawValue), " + (result.exact ? "exact over all 2^\(d.count) sign patterns" : "\(spec.permutations) random sign patterns")
            significant = pValue < spec.alpha
            let direction = spec.alternative == .greater ? "\(b) > \(a)" : spec.alternative == .less ? "\(b) < \(a)" : "\(b) ≠ \(a)"
            verdict = significant
                ? String(format: "supported: %@ in %@ (p = %.3g < α = %g)", direction, spec.statistic.rawValue, pValue, spec.alpha)
                : String(format: "not shown: no evidence that %@ in %@ at α = %g (p = %.3g)", direction, spec.statistic.rawValue, spec.alpha, pValue)
        case .equivalence:
            let tost = EquivalenceTest.pairedTOST(d, margin: spec.margin, alpha: spec.alpha)
            pValue = tost.pValue
            testDescription = String(format: "two one-sided t tests, margin ±%g, %.0f%% t interval [%.4g, %.4g]", spec.margin,
                                     100 * (1 - 2 * spec.alpha), tost.interval.lower, tost.interval.upper)
            significant = pValue < spec.alpha
            verdict = significant
                ? String(format: "supported: %@ and %@ are equivalent within ±%g in %@ (p = %.3g < α = %g)", a, b, spec.margin, spec.statistic.rawValue, pValue, spec.alpha)
                : String(format: "not shown: equivalence within ±%g in %@ not established at α = %g (p = %.3g)", spec.margin, spec.statistic.rawValue, spec.alpha, pValue)
        }
    }
}
