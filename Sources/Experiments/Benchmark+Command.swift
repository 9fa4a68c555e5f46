import DenseKernels
import Foundation

extension Commands {
    /// `nlm bench`: our kernels and the NLM training update against the NumPy peer, side by side.
    public static let bench = Command(
        name: "bench", usage: "[options]",
        summary: "Benchmark GEMM, GEMV, tanh, noise, Langevin steps and training updates against a NumPy peer (release build).",
        options: [
            .init("threads", "1,2", "thread counts to measure, ours and the peer's alike (default 1,2)"),
            .init("repeat", "R", "repetitions per row; the median is quoted and the range shown (default 7)"),
            .init("json", "PATH", "where to write the JSON report (default bench.json)"),
            .init("python", "PATH", "Python interpreter with NumPy for the peer (default python3)"),
            .init("peer", "PATH", "the peer script (default Benchmarks/peers/nlm_numpy_peer.py)"),
            .init("no-peer", nil, "measure our side only"),
            .init("no-memory", nil, "skip the paper-scale memory probe (18 000 samples, batch 1000)"),
            .init("quick", nil, "three repetitions (a smoke test, not for quoting)"),
            .init("agents", nil, "also measure the event-driven engine against the dense path (issue 5's speed rows)"),
            .init("help", nil, "show this help"),
        ]) { a in
            let threads = try a.floats("threads", in: 1...256)?.map { Int($0) } ?? [1, 2]
            let quick = a.flag("quick")
            let repetitions = quick ? 3 : (try a.int("repeat", in: 1...1000) ?? 7)
            let log = { (s: String) in FileHandle.standardError.write(Data((s + "\n").utf8)) }
            var report = BenchmarkReport()
            report.machine = BenchmarkMachine.describe()
            #if DEBUG
            log("warning: this is a debug build; measure with `swift build -c release`")
            report.machine["build"] = "debug"
            #else
            report.machine["build"] = "release"
            #endif
            if !a.flag("no-memory") {
                log("memory probe: paper-scale training epoch (18 000 × 784, batch 1000) at \(threads.max()!) threads")
                report.memory = try BenchmarkWorkloads.memory(threads: threads.max()!)
                log("  " + report.memory!.summary)
            }
            var peer: BenchmarkPeer?
            if !a.flag("no-peer") {
                do {
                    peer = try BenchmarkPeer.locate(python: a.string("python"), script: a.string("peer"))
                    report.peerStatus = "NumPy peer \(peer!.script)"
                } catch {
                    report.peerStatus = "unavailable: \(error)"
                    log("peer \(report.peerStatus)")
                }
            } else {
                report.peerStatus = "skipped (--no-peer)"
            }
            if let peer {
                let directory = NSTemporaryDirectory() + "nlm-bench-check-\(getpid())"
                try BenchmarkWorkloads.dumpForCheck(into: directory)
                let verdict = try peer.check(directory: directory)
                report.peerCheck = (verdict.passed ? "pass " : "FAIL ") + verdict.verdict
                try? FileManager.default.removeItem(atPath: directory)
                log("agreement check: \(report.peerCheck)")
            }
            for t in threads {
                log("ours, \(t) thread(s):")
                var rows = BenchmarkWorkloads.rows(threads: t, repetitions: repetitions, log: log)
                if let peer {
                    log("peer, \(t) thread(s)…")
                    do {
                        let result = try peer.timings(threads: t, repetitions: repetitions, quick: quick)
                        for k in rows.indices { rows[k].peer = result.rows[rows[k].peerKey] }
                        for (key, value) in result.info { report.machine["peer " + key] = value }
                    } catch {
                        report.peerStatus = "failed: \(error)"
                        log("peer \(report.peerStatus)")
                    }
                }
                report.rows += rows
            }
            if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
                report.machine["load average (end)"] = load.split(separator: " ").prefix(3).joined(separator: " ")
            }
            print(report.machine.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; "))
            print("")
            print(report.markdown)
            if a.flag("agents") {
                log("event-driven engine vs dense path (N = 784)")
                print("")
                print(AgentSpeedBenchmark.markdown(AgentSpeedBenchmark.standardRows()))
            }
            let path = a.string("json") ?? "bench.json"
            try ArrayFiles.writeJSON(report.jsonObject, to: path)
            log("JSON report: \(path)")
            return report.peerCheck.hasPrefix("FAIL") ? 1 : 0
        }
}

/// What the benchmark ran on: CPU model, cores, load average, Swift's target flags.
enum BenchmarkMachine {
    static func describe() -> [String: String] {
        var info: [String: String] = [:]
        if let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) {
            let lines = cpu.split(separator: "\n")
            if let model = lines.first(where: { $0.hasPrefix("model name") })?.split(separator: ":").last {
                info["cpu"] = model.trimmingCharacters(in: .whitespaces)
            }
            if let flags = lines.first(where: { $0.hasPrefix("flags") }) {
                info["vector"] = flags.contains(" avx512f") ? "AVX-512" : (flags.contains(" avx2") ? "AVX2" : "baseline")
            }
        }
        info["cores"] = "\(ProcessInfo.processInfo.activeProcessorCount)"
        if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
            info["load average"] = load.split(separator: " ").prefix(3).joined(separator: " ")
        }
        info["gemm tile"] = "\(GEMMTile.native)"
        return info
    }
}
