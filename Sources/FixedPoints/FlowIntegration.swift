import DenseKernels
import LangevinMachine

/// Zero-noise integration of the two flows over a batch of starts (N × S, one start per column), in the
/// simulator's precision (Float) and with its kernels.
enum FlowIntegration {
    /// The endpoint of every column and the step at which its speed max|ẋ| first fell to `tolerance`
    /// (nil if it never did within `maxSteps`), with the final speed.
    struct Endpoints {
        var states: Matrix
        var convergedAt: [Int?]
        var finalSpeed: [Float]
    }

    /// Convergence bookkeeping of a batch of trajectories, updated every check interval.
    ///
    /// A column has converged when (a) its speed is ≤ `tolerance`, (b) its Float state did not change at
    /// all over the interval (every increment rounded away), or (c) its speed is ≤ `stallSpeed` and has not
    /// fallen below 0.99× its best value for `stallChecks` consecutive checks (a rounding limit cycle at the
    /// Float floor). A slowly drifting trajectory wrongly stopped by (c) cannot pass verification: its
    /// endpoint matches no solver point and the solver started from it does not converge next to it.
    struct Convergence {
        var previous: Matrix
        var convergedAt: [Int?]
        var best: [Float]
        var sinceImprovement: [Int]
        static let stallChecks = 20
        static let stallSpeed: Float = 1e-4

        init(_ starts: Matrix) {
            previous = starts
            convergedAt = [Int?](repeating: nil, count: starts.cols)
            best = [Float](repeating: .infinity, count: starts.cols)
            sinceImprovement = [Int](repeating: 0, count: starts.cols)
        }

        /// Returns true when every column has converged.
        mutating func check(_ x: Matrix, speed: [Float], tolerance: Float, step: Int) -> Bool {
            let n = x.rows, s = x.cols
            var moved = [Bool](repeating: false, count: s)
            for i in 0..<n { for c in 0..<s where x.storage[i * s + c] != previous.storage[i * s + c] { moved[c] = true } }
            for c in 0..<s where convergedAt[c] == nil {
                if speed[c] < 0.99 * best[c] { best[c] = speed[c]; sinceImprovement[c] = 0 } else { sinceImprovement[c] += 1 }
                let stalled = speed[c] <= Self.stallSpeed && sinceImprovement[c] >= Self.stallChecks
                if speed[c] <= tolerance || !moved[c] || stalled { convergedAt[c] = step }
            }
            previous = x
            return convergedAt.allSatisfy { $0 != nil }
        }
    }

    /// RNN flow ẋ = −x + Jφ(x) + b by explicit Euler with step `dt`: X ← X + dt·(−X + JΦ + b), JΦ by the
    /// packed GEMM, φ = tanh by the simulator's rational tanh (or the identity). Stops when every column's
    /// speed is ≤ `tolerance` (checked every `checkEvery` steps) or after `maxSteps`.
    static func rateNetwork(_ parameters: Parameters, activation: Activation, starts: Matrix, dt: Float,
                            maxSteps: Int, tolerance: Float, checkEvery: Int) -> Endpoints {
        let n = starts.rows, s = starts.cols
        let packed = PackedMatrix(.left, parameters.couplings, .none)
        var convergence = Convergence(starts)
        var x = starts, rates = Matrix(rows: n, cols: s), drive = Matrix(rows: n, cols: s)
        var speed = [Float](repeating: .infinity, count: s)
        var step = 0
        while step < maxSteps {
            rates.storage = x.storage
            if activation == .tanh { Tanh.map(&rates.storage) }
            Matrix.multiply(packed, rates, into: &drive)
            let measure = (step + 1) % checkEvery == 0 || step + 1 == maxSteps
            if measure { for c in 0..<s { speed[c] = 0 } }
            x.storage.withUnsafeMutableBufferPointer { xs in
                drive.storage.withUnsafeBufferPointer { hs in
                    for i in 0..<n {
                        let b = parameters.bias[i]
                        for c in 0..<s {
                            let k = i &* s &+ c
                            let v = hs[k] + b - xs[k]
                            xs[k] += dt * v
                            if measure { speed[c] = Swift.max(speed[c], Swift.abs(v)) }
                        }
                    }
                }
            }
            step += 1
            if measure {
                if convergence.check(x, speed: speed, tolerance: tolerance, step: step) { break }
            }
        }
        return Endpoints(states: x, convergedAt: convergence.convergedAt, finalSpeed: speed)
    }

    /// The NLM's dynamics at temperature 0, ẋ = −∇E(x), by ``LangevinMachine/DenseDynamics`` (the
    /// simulator's own dense path) with step `dt`. The speed is max|−∇E| of the state before each step.
    static func energyGradient(_ parameters: Parameters, starts: Matrix, dt: Float, maxSteps: Int,
                               tolerance: Float, checkEvery: Int) -> Endpoints {
        let n = starts.rows, s = starts.cols
        let dynamics = DenseDynamics(parameters: parameters, temperature: 0, dt: dt)
        var work = BatchWorkspace(neurons: n, columns: s)
        var x = starts, convergence = Convergence(starts)
        var speed = [Float](repeating: .infinity, count: s)
        let noise = NoiseSource(seed: 0, purpose: .samplingNoise)
        var step = 0
        while step < maxSteps {
            dynamics.step(&x, &work, step: UInt64(step), noise: noise)
            step += 1
            if step % checkEvery == 0 || step == maxSteps {
                for c in 0..<s { speed[c] = 0 }
                for i in 0..<n {
                    for c in 0..<s {
                        let k = i * s + c
                        let v = NeuronDynamics.force(residual: work.residual.storage[k], slope: work.slopes.storage[k],
                                                     feedback: work.feedback.storage[k])
                        speed[c] = Swift.max(speed[c], Swift.abs(v))
                    }
                }
                if convergence.check(x, speed: speed, tolerance: tolerance, step: step) { break }
            }
        }
        return Endpoints(states: x, convergedAt: convergence.convergedAt, finalSpeed: speed)
    }
}
