import XCTest
import DenseKernels
import Experiments
import FixedPoints
import LangevinMachine

/// The event-driven engine, with asynchronous per-neuron clocks at T = 0, lands where the dense fixed-point
/// solver says: on a point that is stable for the NLM (gradient) flow, within the check's 1e-2 in the max norm
/// (see ``EventFlowCheck`` for why the Float flow stalls short of 1e-4 along flat directions).
final class EventFlowCheckTests: XCTestCase {
    func testAsynchronousAgentsLandOnSolverPoints() throws {
        var p = Parameters.random(neurons: 20, gain: 1.2, seed: 7, bias: true)
        p.bias = (0..<20).map { 0.1 * Float($0 % 5) - 0.2 }
        let starts = gaussianMatrix(rows: 20, cols: 9, seed: 3, purpose: .sampleInit).transposed()
        // The solver's points, completed (as `nlm fixed-points --verify` does) by the points the dense flows reach
        // that Newton missed from these starts, each confirmed by the solver.
        let report = try FlowVerification.run(p, starts: starts, report: try FixedPointAnalysis.run(p, starts: starts, data: nil)).solverReport
        XCTAssertFalse(report.points.isEmpty)
        let duration = 200_000 * Double(FlowVerification.automaticStep(report, .energyGradient))
        let runs = try EventFlowCheck.run(p, starts: starts, report: report, duration: duration, seed: 1)
        for run in runs {
            XCTAssertNotNil(run.point, "start \(run.start) ended \(run.distance) from every solver point")
            XCTAssertEqual(run.stableForGradientFlow, true, "start \(run.start)")
        }
    }
}
