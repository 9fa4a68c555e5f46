import DenseKernels
import Foundation
import LangevinMachine
import NeuralAgents

/// One measurement of the event-driven engine against the dense path (issue 5's speed targets): neuron
/// updates per second of both on the same model, start state and number of steps, in one process.
public struct AgentSpeedRow: Sendable, Equatable {
    public var neurons: Int
    public var chains: Int
    /// Threads of the GEMM (both paths use the shared workers).
    public var threads: Int
    public var temperature: Float
    /// The send-on-delta threshold δ of the event engine.
    public var delta: Float
    /// Dense steps run before timing (at T = 0: relaxation towards a fixed point).
    public var relaxSteps: Int
    /// Neuron updates per second (one neuron integrating all its chains once), median of the repetitions.
    public var denseUpdatesPerSecond: Double
    public var eventUpdatesPerSecond: Double
    /// Events handled per second by the engine (updates, forward and error events).
    public var eventsPerSecond: Double
    /// Chain values sent (forward plus error) per neuron update; 2·B when every value is sent (δ = 0).
    public var valuesPerUpdate: Double

    /// Cost of one event-path neuron update in units of a dense one (dense rate / event rate): the δ = 0
    /// target is ≤ 2.
    public var costRatio: Double { denseUpdatesPerSecond / eventUpdatesPerSecond }
    /// Event rate / dense rate: the near-fixed-point target is ≥ 5.
    public var speedup: Double { eventUpdatesPerSecond / denseUpdatesPerSecond }
}

/// Times the event engine (``AgentNetwork`` with a fixed clock) against ``DenseDynamics`` per neuron update.
///
/// Workload: a random model (`Parameters.random`, gain 2, no bias, seed 1) with N neurons and B chains
/// started from Gaussian membranes; optionally `relaxSteps` dense steps first (at T = 0 this brings the
/// chains near a fixed point, where few rates move by more than δ). Dense: `steps` steps of
/// ``DenseDynamics/run(_:steps:firstStep:noise:workspace:)``. Event: a network built from the same state,
/// advanced two ticks (the initial sends of every value), then timed for `steps` ticks of the fixed clock
/// dt = 0.01. Each side is repeated `repetitions` times from the same start; the median is reported.
/// Results are deterministic for the seed; only the timings vary.
public enum AgentSpeedBenchmark {
    public static func measure(neurons n: Int = 784, chains b: Int, temperature: Float, delta: Float,
                               relaxSteps: Int = 0, steps: Int = 50, repetitions: Int = 3) -> AgentSpeedRow {
        let parameters = Parameters.random(neurons: n, gain: 2, seed: 1, bias: false)
        let dense = DenseDynamics(parameters: parameters, temperature: temperature, dt: 0.01)
        var workspace = BatchWorkspace(neurons: n, columns: b)
        let noise = NoiseSource(seed: 1, purpose: .samplingNoise)
        var start = gaussianMatrix(rows: n, cols: b, seed: 1, purpose: .sampleInit)
        if relaxSteps > 0 {
            dense.run(&start, steps: relaxSteps, firstStep: 0, noise: noise, workspace: &workspace)
        }
        var denseTimes: [Double] = [], eventTimes: [Double] = []
        var events = 0, updates = 0, values = 0
        for _ in 0..<max(1, repetitions) {
            var x = start
            denseTimes.append(BenchmarkClock.seconds {
                dense.run(&x, steps: steps, firstStep: 0, noise: noise, workspace: &workspace)
            })
            var configuration = AgentConfiguration()
            configuration.temperature = temperature
            configuration.clock = .fixed(interval: 0.01)
            configuration.transmission = .graded(delta: delta)
            var network = AgentNetwork(parameters: parameters, configuration: configuration, state: start)
            network.run(steps: 2)
            let before = network.statistics
            eventTimes.append(BenchmarkClock.seconds { network.run(steps: steps) })
            let after = network.statistics
            events = after.totalEvents - before.totalEvents
            updates = after.neuronUpdates - before.neuronUpdates
            values = after.forwardValues + after.errorValues - before.forwardValues - before.errorValues
        }
        let denseTime = denseTimes.sorted()[denseTimes.count / 2]
        let eventTime = eventTimes.sorted()[eventTimes.count / 2]
        return AgentSpeedRow(neurons: n, chains: b, threads: ParallelWorkers.defaultThreadCount,
                             temperature: temperature, delta: delta, relaxSteps: relaxSteps,
                             denseUpdatesPerSecond: Double(steps * n) / denseTime,
                             eventUpdatesPerSecond: Double(updates) / eventTime,
                             eventsPerSecond: Double(events) / eventTime,
                             valuesPerUpdate: Double(values) / Double(max(updates, 1)))
    }

    /// The rows of issue 5's targets at the current thread count: δ = 0 at T = 1 with B = 32 and 100 chains
    /// (cost ratio ≤ 2), and T = 0 after 3000 relaxation steps with δ = 10⁻³ and 10⁻² at B = 32 (speed-up
    /// ≥ 5).
    public static func standardRows(neurons n: Int = 784, steps: Int = 50, repetitions: Int = 3) -> [AgentSpeedRow] {
        var rows: [AgentSpeedRow] = []
        for b in [32, 100] {
            rows.append(measure(neurons: n, chains: b, temperature: 1, delta: 0, steps: steps, repetitions: repetitions))
        }
        for delta: Float in [1e-3, 1e-2] {
            rows.append(measure(neurons: n, chains: 32, temperature: 0, delta: delta, relaxSteps: 3000, steps: steps,
                                repetitions: repetitions))
        }
        return rows
    }

    /// A Markdown table of `rows`.
    public static func markdown(_ rows: [AgentSpeedRow]) -> String {
        var lines = ["| N | B | threads | T | δ | relax | dense updates/s | event updates/s | events/s | values/update | event cost / dense | event speed-up |",
                     "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in rows {
            let e = { (v: Double) in String(format: "%.3g", v) }
            lines.append("| \(r.neurons) | \(r.chains) | \(r.threads) | \(r.temperature) | \(r.delta) | \(r.relaxSteps) | "
                + "\(e(r.denseUpdatesPerSecond)) | \(e(r.eventUpdatesPerSecond)) | \(e(r.eventsPerSecond)) | "
                + "\(String(format: "%.2f", r.valuesPerUpdate)) | \(String(format: "%.2f", r.costRatio)) | "
                + "\(String(format: "%.2f", r.speedup)) |")
        }
        return lines.joined(separator: "\n")
    }
}
