import Foundation
import LangevinMachine
import Optimization

/// Progress lines on standard error: epoch, mismatch, energies, update rate and estimated time left.
public struct ProgressReporter {
    public var quiet = false
    let start = Date()

    public init(quiet: Bool = false) { self.quiet = quiet }

    public func log(_ message: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    public func epoch(_ report: EpochReport, of total: Int, firstEpoch: Int) {
        let done = report.epoch - firstEpoch
        let elapsed = Date().timeIntervalSince(start)
        let eta = done > 0 ? elapsed / Double(done) * Double(total - report.epoch) : 0
        let rate = Double(report.updates) / max(report.seconds, 1e-9)
        log(String(format: "epoch %d/%d  mismatch %.3e  E_data %.2f  E_chains %.2f  %.1f updates/s  ETA %@",
                   report.epoch, total, report.mismatch, report.dataEnergy, report.chainEnergy, rate,
                   Self.duration(eta)))
    }

    public static func duration(_ seconds: Double) -> String { RunProgress.duration(seconds) }
}
