// Axis scaling and tick placement shared by the SVG charts.
import Foundation

/// A linear or base-10 logarithmic axis over a closed data interval.
///
/// Linear axes round the interval outward to multiples of a "nice" step (1, 2 or 5 × 10^k,
/// chosen so there are about `targetTicks` ticks; Heckbert, Graphics Gems I, 1990). Log axes
/// round outward to powers of ten and put ticks on the powers (plus 2× and 5× when the axis spans
/// at most two decades).
struct ChartAxis {
    var lower: Double
    var upper: Double
    var logarithmic: Bool
    var ticks: [Double]

    /// An axis covering `values` (non-finite values, and non-positive ones on a log axis, ignored).
    init(covering values: [Double], logarithmic: Bool, targetTicks: Int = 6) {
        self.logarithmic = logarithmic
        let usable = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
        var lo = usable.min() ?? (logarithmic ? 1 : 0)
        var hi = usable.max() ?? (logarithmic ? 10 : 1)
        if logarithmic {
            var a = log10(lo).rounded(.down), b = log10(hi).rounded(.up)
            if b <= a { b = a + 1 }
            a = max(a, -300); b = min(b, 300)
            lower = pow(10, a); upper = pow(10, b)
            var t: [Double] = []
            for e in Int(a)...Int(b) {
                let p = pow(10, Double(e))
                t.append(p)
                if b - a <= 2 && e < Int(b) { t += [2 * p, 5 * p] }
            }
            ticks = t
        } else {
            if hi - lo <= abs(hi) * 1e-12 || hi == lo {
                let pad = lo == 0 ? 1 : abs(lo) * 0.1
                lo -= pad; hi += pad
            }
            let step = ChartAxis.niceStep((hi - lo) / Double(max(1, targetTicks - 1)))
            let first = (lo / step).rounded(.down) * step, last = (hi / step).rounded(.up) * step
            lower = first
            upper = last
            let n = Int(((last - first) / step).rounded())
            ticks = (0...max(0, min(n, 100))).map { first + Double($0) * step }
        }
    }

    /// The smallest of 1, 2, 5 × 10^k not below `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let magnitude = pow(10, log10(raw).rounded(.down))
        for m in [1.0, 2, 5, 10] where m * magnitude >= raw * (1 - 1e-12) { return m * magnitude }
        return 10 * magnitude
    }

    /// Position of `v` as a fraction of the axis (0 at `lower`, 1 at `upper`); nil if unplottable.
    func fraction(_ v: Double) -> Double? {
        guard v.isFinite else { return nil }
        if logarithmic {
            guard v > 0 else { return nil }
            return (log10(v) - log10(lower)) / (log10(upper) - log10(lower))
        }
        return (v - lower) / (upper - lower)
    }

    /// Tick label text: up to 4 significant digits, exponent form for very large or small values.
    static func label(_ v: Double) -> String {
        if v == 0 { return "0" }
        if abs(v) >= 1e5 || abs(v) < 1e-3 {
            let e = Int(log10(abs(v)).rounded(.down))
            let m = v / pow(10, Double(e))
            return abs(m - 1) < 1e-9 ? "1e\(e)" : String(format: "%.3ge%d", m, e)
        }
        return String(format: "%.4g", v)
    }
}
