import DenseKernels
import Foundation
import NeuralAgents

/// The Dale–Langevin sampler as a circuit on the event-driven engine: each of the d coordinates is a neuron
/// agent whose state (one value per chain) is positive and changes only multiplicatively, and one score unit
/// (agent d) reads all neurons and sends each its Hyvärinen score. At update u (time u on the scheduler):
/// 1. `update` (neuron i): x_i ← x_i · exp(δσ²h_i − δ(μ − 1.5σ²) + aσ√δ z_i), with h_i the score delivered at the
///    end of the previous update and z_i its own draw, value c·d + i of ``DiffusionStreams`` `.reverse` step u;
/// 2. `error` (score unit): evaluates h = x ∘ ∇log p_τ(x) at the next update's time and delivers it.
/// With the same streams and schedule this is ``ReverseSampler/daleLangevin`` update for update, bit for bit.
public struct DaleLangevinAgents<Model: HyvarinenScoreModel> {
    public let model: Model
    public let process: GeometricBrownianMotion
    public let schedule: ReverseSchedule
    /// Neuron states (chains × d).
    public private(set) var states: Matrix
    var scores: Matrix
    public private(set) var eventsHandled = 0

    public init(model: Model, process: GeometricBrownianMotion, schedule: ReverseSchedule, start: Matrix) {
        self.model = model
        self.process = process
        self.schedule = schedule
        states = start
        scores = Matrix(rows: start.rows, cols: start.cols)
    }

    /// The time τ and noise scale a of update u (levels × repeats, then the noise-free refinement).
    func plan(_ u: Int) -> (time: Float, noiseScale: Float) {
        let noisy = schedule.levels * schedule.repeats
        if u >= noisy { return (schedule.time(level: 0), 0) }
        let j = u / schedule.repeats
        var a: Float = 1
        for _ in 0..<j { a *= schedule.annealing }
        return (schedule.time(level: schedule.levels - 1 - j), a)
    }

    /// Runs the whole schedule with the noise of `seed`.
    public mutating func run(seed: UInt64) {
        let d = states.cols, chains = states.rows
        let total = schedule.levels * schedule.repeats + schedule.refinementSteps
        var scheduler = Scheduler<QuaternaryHeap>(start: 0)
        scores = model.hyvarinenScore(states, time: plan(0).time)
        for u in 0..<total {
            let a = plan(u).noiseScale
            let noise = DiffusionStreams.stream(seed: seed, .reverse, step: u)
            for i in 0..<d { scheduler.schedule(.update, at: Double(u), neuron: i) }
            scheduler.schedule(.error, at: Double(u), neuron: d)
            eventsHandled += scheduler.run(until: Double(u)) { _, event in
                let agent = Int(event.neuron)
                switch event.kind {
                case .update:
                    for c in 0..<chains {
                        let e = c * d + agent
                        let z: Float = a != 0 ? noise.gaussian(UInt64(e)) : 0
                        states.storage[e] *= ReverseSampler.daleLangevin.factor(score: scores.storage[e], noise: z, noiseScale: a,
                                                                                 step: schedule.stepSize, process: process)
                    }
                default:
                    if u + 1 < total { scores = model.hyvarinenScore(states, time: plan(u + 1).time) }
                }
            }
        }
    }
}
