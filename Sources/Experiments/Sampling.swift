import DenseKernels
import Foundation
import LangevinMachine

/// Generation: chains started from x ~ N(0, I) run at the sampling temperature; the state is recorded at
/// chosen steps (sample grids) and a few chains every k steps (trajectories).
public struct SamplingResult: Sendable {
    /// Final states, N × chains.
    public var final: Matrix
    /// (step, states N × chains) at every requested snapshot step, in order.
    public var snapshots: [(step: Int, states: Matrix)]
    /// Trajectory frames: frames × chains × N (flattened), with the steps they were taken at.
    public var trajectory: [Float]
    public var trajectorySteps: [Int]
    public var trajectoryChains: Int
    /// Mean energy of the chains at every recorded frame step.
    public var energies: [(step: Int, mean: Float)]
}

public enum Sampler {
    /// Runs `spec.chains` chains for `spec.steps` steps with the noise streams of `seed`.
    public static func run(_ parameters: Parameters, _ spec: NetworkSpec.Sampling, seed: UInt64,
                           progress: ((Int) -> Void)? = nil) -> SamplingResult {
        let n = parameters.neuronCount
        var dyn = DenseDynamics(parameters: parameters, temperature: spec.temperature, dt: spec.dt)
        dyn.onsagerFeedback = spec.onsager
        var x = gaussianMatrix(rows: n, cols: spec.chains, seed: seed, purpose: .sampleInit)
        var work = BatchWorkspace(neurons: n, columns: spec.chains)
        let noise = NoiseSource(seed: seed, purpose: .samplingNoise)
        let snapshotSteps = Set(spec.snapshots.filter { $0 <= spec.steps })
        let tracked = min(spec.trajectoryChains, spec.chains)
        var result = SamplingResult(final: x, snapshots: [], trajectory: [], trajectorySteps: [],
                                    trajectoryChains: tracked, energies: [])
        func record(_ step: Int) {
            if snapshotSteps.contains(step) { result.snapshots.append((step, x)) }
            if step % spec.trajectoryEvery == 0 || step == spec.steps {
                if tracked > 0 {
                    for c in 0..<tracked { for i in 0..<n { result.trajectory.append(x[i, c]) } }
                    result.trajectorySteps.append(step)
                }
                let e = dyn.energies(of: x)
                result.energies.append((step, e.reduce(0, +) / Float(e.count)))
            }
        }
        record(0)
        for s in 0..<spec.steps {
            dyn.step(&x, &work, step: UInt64(s), noise: noise)
            record(s + 1)
            if (s + 1) % 100 == 0 { progress?(s + 1) }
        }
        result.final = x
        return result
    }
}
