import Foundation

/// One progress line per reported step of a long run, on standard error:
/// `<label> <done>/<total>  <name> <value> …  <rate> <unit>/s  ETA <time>`.
/// Every model family's training loop reports through it, so all long runs look alike.
public struct RunProgress {
    public let label: String
    public let total: Int
    public var quiet: Bool
    let start = Date()
    let firstDone: Int

    /// `total` steps in all; `firstDone` steps were already done before this process (a resumed run), so the
    /// rate and ETA count only this process's steps.
    public init(label: String, total: Int, firstDone: Int = 0, quiet: Bool = false) {
        self.label = label
        self.total = total
        self.firstDone = firstDone
        self.quiet = quiet
    }

    /// Writes one line: `done` steps of `total`, the named values (printed with 4 significant digits), the
    /// rate of `work` units per second since start (`unit` names them), and the time left at that rate.
    public func report(done: Int, values: KeyValuePairs<String, Double> = [:], work: Double? = nil, unit: String = "steps") {
        guard !quiet else { return }
        let elapsed = Date().timeIntervalSince(start)
        let steps = Double(done - firstDone)
        let eta = steps > 0 ? elapsed / steps * Double(total - done) : 0
        var line = "\(label) \(done)/\(total)"
        for (name, value) in values { line += "  \(name) " + String(format: "%.4g", value) }
        let rate = (work ?? steps) / max(elapsed, 1e-9)
        line += String(format: "  %.1f %@/s  ETA %@", rate, unit, Self.duration(eta))
        Self.log(line)
    }

    /// Writes `message` and a newline to standard error.
    public static func log(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// "1h02m", "3m05s" or "42s".
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m" }
        if s >= 60 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s)s"
    }
}
