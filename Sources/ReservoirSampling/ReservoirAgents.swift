import DenseKernels
import NeuralAgents

/// The reservoir sampler on the event-driven engine: every reservoir neuron and every output unit is an agent
/// on NeuralAgents' ``Scheduler``, and they talk only through events.
///
/// At each tick t_k = k·dt (for every chain in parallel):
/// 1. `update` (reservoir neuron j): r_j ← r_j + dt(−r_j + φ(u_j + b_j)) + √(2dt)·n_j, with u_j = Σᵢ W₂_ji xᵢ and
///    n_j = Σᵢ W₁⁺_ji ξᵢ the input and noise its synapses from the output units delivered at the end of the
///    previous tick; it then sends its change Δr_j to every output unit (`forward`).
/// 2. `forward` (output unit i): xᵢ += Σ_j W₁_ij Δr_j over the changes received.
/// 3. `error` (output unit i, used here as the read-out broadcast): draws its own noise ξᵢ for the next tick and
///    sends xᵢ and ξᵢ through its synapses W₂_·i and W₁⁺_·i to every reservoir neuron.
/// This is Euler–Maruyama of the reservoir SDE with the output read out incrementally; with the same
/// increments (``ReservoirCircuit/noise(chains:dimension:step:seed:)``) it follows the dense circuit.
public struct ReservoirAgents {
    public let circuit: ReservoirCircuit
    /// r (chains × N), x (chains × d): the agents' states.
    public private(set) var rates: Matrix
    public private(set) var outputs: Matrix
    var input: Matrix, noiseInput: Matrix
    public private(set) var eventsHandled = 0

    public init(_ circuit: ReservoirCircuit, initialRates r0: Matrix) {
        self.circuit = circuit
        rates = r0
        outputs = circuit.output(r0)
        input = Matrix(rows: r0.rows, cols: circuit.model.reservoirSize)
        noiseInput = input
    }

    /// Runs `steps` ticks of length dt from tick `firstStep`, with noise streams of `seed`.
    public mutating func run(steps: Int, dt: Float, seed: UInt64, firstStep: Int = 0) {
        let model = circuit.model
        let n = model.reservoirSize, d = model.dimension, chains = rates.rows
        let root = (2 * dt).squareRoot()
        var scheduler = Scheduler<QuaternaryHeap>(start: Double(firstStep))
        var changes = Matrix(rows: chains, cols: n)
        // Deliver the outputs' state and the first tick's noise, as the end of the previous tick would have.
        broadcast(step: firstStep, seed: seed)
        for k in 0..<steps {
            let t = Double(firstStep + k)
            for j in 0..<n { scheduler.schedule(.update, at: t, neuron: j) }
            for i in 0..<d { scheduler.schedule(.forward, at: t, neuron: n + i); scheduler.schedule(.error, at: t, neuron: n + i) }
            eventsHandled += scheduler.run(until: t) { _, event in
                let agent = Int(event.neuron)
                switch event.kind {
                case .update:
                    for c in 0..<chains {
                        let drive = model.nonlinearity.value(input[c, agent] + model.bias[agent])
                        let delta = dt * (drive - rates[c, agent]) + root * noiseInput[c, agent]
                        rates[c, agent] += delta
                        changes[c, agent] = delta
                    }
                case .forward:
                    let i = agent - n
                    for c in 0..<chains {
                        var sum: Float = 0
                        for j in 0..<n { sum += model.w1[i, j] * changes[c, j] }
                        outputs[c, i] += sum
                    }
                default:
                    if agent == n + d - 1 { broadcast(step: firstStep + k + 1, seed: seed) }
                }
            }
        }
    }

    /// The output units' synaptic messages to the reservoir: u = x W₂ᵀ and n = ξ W₁⁺ᵀ for tick `step`.
    mutating func broadcast(step: Int, seed: UInt64) {
        let xi = ReservoirCircuit.noise(chains: rates.rows, dimension: circuit.model.dimension, step: step, seed: seed)
        input = Matrix.product(outputs, .none, circuit.model.w2, .transposed)
        noiseInput = Matrix.product(xi, .none, circuit.pseudoInverse, .transposed)
    }
}
