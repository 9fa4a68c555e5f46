import DenseKernels
import FixedPoints
import Foundation
import LangevinMachine
import NeuralAgents

/// The fixed-point check on the event-driven engine: every neuron an agent updating on its own clock
/// (heterogeneous per-neuron steps, so updates are asynchronous), at temperature 0 — the NLM's
/// gradient flow ẋ = −∇E integrated neuron by neuron from events — started from the solver's starts. Each
/// endpoint is matched against the solver's points in the max norm.
public enum EventFlowCheck {
    public struct Run: Sendable {
        public var start: Int
        public var point: Int?
        public var distance: Double
        public var stableForGradientFlow: Bool?
    }

    /// The default match tolerance is 1e-2 in the max norm, not the dense verifier's 1e-4: the agents
    /// integrate in Float with their own steps, and along a nearly flat direction of E (Hessian eigenvalue
    /// λ ≪ 1) a Float update dt·ẋ falls below half an ulp of x while the state is still about ulp/(dt·λ) away
    /// from the point, so the flow stalls there. The measured distances are reported (5.6e-5 on the small
    /// MNIST model; 7e-4 to 2e-3 on the test's 20-neuron network). Points of a model lie O(1) apart, so 1e-2
    /// still names the point unambiguously.
    ///
    /// `starts`: S × N (one per row). An endpoint that matches none of the report's points is handed to the
    /// solver; if Newton/LM converges within `tolerance` of it, that point is classified and accepted (the
    /// asynchronous flow may reach a basin the synchronous flows did not). Per-neuron steps are `step · (0.5 + 0.5·u_i)` with u_i uniform from the
    /// stream (eventClock, neuron i), at most the automatic step of the gradient flow so every neuron's
    /// Euler update stays stable.
    public static func run(_ parameters: Parameters, starts: Matrix, report: FixedPointReport, duration maximum: Double,
                           tolerance: Double = 1e-2, seed: UInt64) throws -> [Run] {
        let n = parameters.neuronCount
        let step = FlowVerification.automaticStep(report, .energyGradient)
        let intervals = (0..<n).map { i in
            step * (0.5 + 0.5 * NoiseStreams.random(seed: seed, .eventClock, step: 0, neuron: i).uniform(0))
        }
        var configuration = AgentConfiguration()
        configuration.temperature = 0
        configuration.clock = .perNeuron(intervals: intervals)
        configuration.seed = seed
        var network = AgentNetwork(parameters: parameters, configuration: configuration, state: starts.transposed())
        // Run in chunks of 500 mean steps until every chain's speed max|Δx|/Δt is ≤ 1e-7 (as the dense verifier
        // does) or `duration` has passed.
        let chunk = 500 * Double(step)
        var previous = network.membranes(.spontaneous)
        while network.now < maximum {
            network.run(for: chunk)
            let current = network.membranes(.spontaneous)
            var speed: Float = 0
            for k in 0..<current.count { speed = max(speed, abs(current.storage[k] - previous.storage[k])) }
            previous = current
            if Double(speed) / chunk <= 1e-7 { break }
        }
        let x = previous
        let rates = try RateNetwork(parameters)
        let solver = FixedPointSolver(network: rates)
        return try (0..<starts.rows).map { s in
            var best: Int?, distance = Double.infinity
            for p in report.points {
                var d = 0.0
                for i in 0..<n { d = max(d, abs(p.state[i] - Double(x[i, s]))) }
                if d < distance { distance = d; best = p.index }
            }
            if distance <= tolerance, let best {
                return Run(start: s, point: best, distance: distance,
                           stableForGradientFlow: report.points[best].classification.energyGradient.isStable)
            }
            let endpoint = (0..<n).map { Double(x[$0, s]) }
            let refined = solver.solve(from: endpoint)
            let d = zip(refined.state, endpoint).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
            guard refined.outcome != .notConverged, d <= tolerance else {
                return Run(start: s, point: nil, distance: distance, stableForGradientFlow: nil)
            }
            let c = try PointClassification(rates, at: refined.state)
            return Run(start: s, point: report.points.count, distance: d, stableForGradientFlow: c.energyGradient.isStable)
        }
    }

    public static func table(_ runs: [Run]) -> String {
        var text = "event-driven agents (T=0, asynchronous per-neuron steps):\nstart  point   distance  NLM-flow class\n"
        for r in runs {
            text += String(format: "%5d  %5@  %9.2e  %@\n", r.start, r.point.map { String($0) } ?? "-", r.distance,
                           r.stableForGradientFlow.map { $0 ? "stable" : "NOT stable" } ?? "unmatched")
        }
        let agree = runs.filter { $0.point != nil && $0.stableForGradientFlow == true }.count
        return text + "\(agree) of \(runs.count) event-driven runs landed on a solver point that is stable for the NLM flow\n"
    }
}
