import Foundation

/// Timings of `nlm bench`: several repetitions of a workload, summarised by their median and range.
///
/// Each repetition times `inner` back-to-back calls and divides by `inner`, where `inner` is chosen after
/// two warm-up calls so that one repetition lasts at least `target` seconds (short kernels are otherwise
/// dominated by the clock's resolution). The same rule is used by the NumPy peer
/// (`Benchmarks/peers/nlm_numpy_peer.py`), so both sides are measured alike.
public struct BenchmarkSample: Sendable, Equatable, Codable {
    /// Seconds per call: median, fastest and slowest repetition.
    public var median: Double
    public var min: Double
    public var max: Double
    public var repetitions: Int

    public init(median: Double, min: Double, max: Double, repetitions: Int) {
        self.median = median; self.min = min; self.max = max; self.repetitions = repetitions
    }

    /// The summary of per-call times (any order); the median of an even count is the upper middle value,
    /// as in the peer.
    public init(seconds: [Double]) {
        let sorted = seconds.sorted()
        precondition(!sorted.isEmpty, "BenchmarkSample needs at least one time")
        self.init(median: sorted[sorted.count / 2], min: sorted[0], max: sorted[sorted.count - 1],
                  repetitions: sorted.count)
    }

    /// Times `body` as described in the type's documentation.
    public static func measure(repetitions: Int, target: Double = 0.02, _ body: () -> Void) -> BenchmarkSample {
        body()
        let once = Swift.max(BenchmarkClock.seconds(body), 1e-7)
        let inner = Swift.max(1, Int(target / once))
        var times: [Double] = []
        for _ in 0..<Swift.max(1, repetitions) {
            times.append(BenchmarkClock.seconds { for _ in 0..<inner { body() } } / Double(inner))
        }
        return BenchmarkSample(seconds: times)
    }
}

/// The monotonic clock used for every timing.
public enum BenchmarkClock {
    /// Seconds elapsed while `body` runs.
    public static func seconds(_ body: () -> Void) -> Double {
        let start = now()
        body()
        return now() - start
    }

    public static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}

/// One row of the benchmark table: a workload at a thread count, our time and the peer's.
public struct BenchmarkRow: Sendable, Equatable {
    /// How a row's times are shown: as a rate of `work` units per second, or as milliseconds per call.
    public enum Unit: String, Sendable, Codable {
        case gflops = "GFLOP/s"
        case elementsPerSecond = "G elem/s"
        case milliseconds = "ms"
    }

    public var name: String
    /// The peer's key for the same workload (several of our rows may compare with one peer row).
    public var peerKey: String
    public var threads: Int
    public var unit: Unit
    /// Work per call: flops for `.gflops`, elements for `.elementsPerSecond`, ignored for `.milliseconds`.
    public var work: Double
    public var ours: BenchmarkSample
    public var peer: BenchmarkSample?

    public init(name: String, peerKey: String, threads: Int, unit: Unit, work: Double, ours: BenchmarkSample,
                peer: BenchmarkSample? = nil) {
        self.name = name; self.peerKey = peerKey; self.threads = threads; self.unit = unit; self.work = work
        self.ours = ours; self.peer = peer
    }

    /// Our speed relative to the peer's: peer median time / our median time (> 1 means we are faster).
    public var speedup: Double? { peer.map { $0.median / ours.median } }

    /// The displayed value of a time (rate or milliseconds).
    public func value(_ seconds: Double) -> Double {
        switch unit {
        case .gflops, .elementsPerSecond: return work / seconds / 1e9
        case .milliseconds: return seconds * 1e3
        }
    }

    /// "median (lo–hi)" in the row's unit; for rates the range runs from the slowest to the fastest repetition.
    public func formatted(_ s: BenchmarkSample) -> String {
        let digits = unit == .milliseconds ? (s.median < 1e-2 ? 3 : 1) : (unit == .gflops ? 1 : 2)
        let f = { (v: Double) in String(format: "%.\(digits)f", v) }
        let lo = Swift.min(value(s.min), value(s.max)), hi = Swift.max(value(s.min), value(s.max))
        return "\(f(value(s.median))) (\(f(lo))–\(f(hi)))"
    }
}

/// The whole run: rows, the memory probe, the agreement check and the machine it ran on.
public struct BenchmarkReport: Sendable {
    public var rows: [BenchmarkRow] = []
    public var machine: [String: String] = [:]
    public var peerStatus = "not run"
    public var peerCheck: String = "not run"
    public var memory: BenchmarkMemory?

    public init() {}

    /// The table as GitHub Markdown.
    public var markdown: String {
        var lines = ["| workload | threads | unit | ours: median (range) | NumPy: median (range) | ours/NumPy speed |",
                     "|---|---|---|---|---|---|"]
        for r in rows {
            let peer = r.peer.map { r.formatted($0) } ?? "–"
            let ratio = r.speedup.map { String(format: "%.2f×", $0) } ?? "–"
            lines.append("| \(r.name) | \(r.threads) | \(r.unit.rawValue) | \(r.formatted(r.ours)) | \(peer) | \(ratio) |")
        }
        if let m = memory { lines.append(""); lines.append(m.summary) }
        lines.append("")
        lines.append("peer: \(peerStatus); agreement check: \(peerCheck)")
        return lines.joined(separator: "\n")
    }

    /// The report as a JSON object (for `JSONSerialization`).
    public var jsonObject: [String: Any] {
        func sample(_ s: BenchmarkSample) -> [String: Any] {
            ["median_s": s.median, "min_s": s.min, "max_s": s.max, "repetitions": s.repetitions]
        }
        var object: [String: Any] = [
            "machine": machine, "peer": peerStatus, "check": peerCheck,
            "rows": rows.map { r -> [String: Any] in
                var o: [String: Any] = ["name": r.name, "peer_key": r.peerKey, "threads": r.threads,
                                        "unit": r.unit.rawValue, "work": r.work, "ours": sample(r.ours),
                                        "ours_value": r.value(r.ours.median)]
                if let p = r.peer { o["peer"] = sample(p); o["peer_value"] = r.value(p.median) }
                if let s = r.speedup { o["speedup"] = s }
                return o
            },
        ]
        if let m = memory {
            object["memory"] = ["peak_bytes": m.peakBytes, "accounted_bytes": m.accountedBytes,
                                "ratio": m.ratio, "accounted": m.parts, "seconds_per_update": m.secondsPerUpdate]
        }
        return object
    }
}

/// Peak resident memory of a paper-scale training run against the bytes it cannot avoid holding.
public struct BenchmarkMemory: Sendable {
    /// `ru_maxrss` of this process (bytes) after the run.
    public var peakBytes: Int
    /// Named byte counts of J, the chains, their per-step temporaries and the data set.
    public var parts: [String: Int]
    public var secondsPerUpdate: Double
    public var accountedBytes: Int { parts.values.reduce(0, +) }
    public var ratio: Double { Double(peakBytes) / Double(max(accountedBytes, 1)) }

    public var summary: String {
        let mb = { (b: Int) in String(format: "%.1f MB", Double(b) / 1e6) }
        let list = parts.sorted { $0.key < $1.key }.map { "\($0.key) \(mb($0.value))" }.joined(separator: ", ")
        return "peak memory of batch-1000 training: \(mb(peakBytes)) = \(String(format: "%.2f", ratio))× the "
            + "\(mb(accountedBytes)) of \(list); \(String(format: "%.3f", secondsPerUpdate)) s per update"
    }

    /// The process's peak resident set size in bytes (`getrusage`; Linux reports kilobytes).
    public static func processPeakBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
    }
}
