import DenseKernels
import LangevinMachine
import NeuralAgents

/// Binary stochastic neurons as agents of the event-driven engine: asynchronous Glauber dynamics, each neuron
/// on its own clock, talking only through events.
///
/// - `update` (neuron i, at the times of its ``NeuronClock``): for every chain c, sᵢ ← 1 if U < σ(uᵢ) else 0,
///   with U = uniform c of stream (spikes, i's update count, i) — or, for a neuron in rate mode (a hidden
///   unit during VPF learning), sᵢ ← σ(uᵢ), its mean-field rate. A clamped neuron keeps its state (data or a
///   stimulus). When learning is on, the neuron's incoming synapses and bias then apply the
///   ``PlasticityRule`` through ``SynapseView``s. If its state changed, it schedules a `forward` event `delay`
///   later.
/// - `forward` (neuron j): delivers the state j had when it sent: every target i adds Wᵢⱼ(new − old) to its
///   membrane uᵢ = Σⱼ Wᵢⱼ s̃ⱼ + bᵢ (s̃ⱼ = the state of j as last received).
///
/// With symmetric W, no delay and any clock whose update order is random (Poisson), the stationary
/// distribution of every chain is the Boltzmann distribution of the machine, as for the dense
/// ``GibbsSampler``. When a weight changes, the membranes are corrected by ΔWᵢⱼ s̃ⱼ so that uᵢ stays exact.
public struct GlauberAgents {
    public private(set) var model: BoltzmannMachine
    public let chains: Int
    public let clock: NeuronClock
    public let delay: Double
    public let seed: UInt64
    /// sᵢ (or μᵢ) per chain, n × B.
    public private(set) var states: Matrix
    /// s̃ⱼ: the states as received by the targets, n × B.
    public private(set) var received: Matrix
    /// uᵢ = Σⱼ Wᵢⱼ s̃ⱼ + bᵢ, n × B.
    public private(set) var membranes: Matrix
    public var clamped: [Bool]
    public var rateMode: [Bool]
    public private(set) var scheduler = Scheduler<QuaternaryHeap>()
    public private(set) var eventsHandled = 0
    var updateCounts: [UInt64]
    var lastLearn: [Double]
    var pending: [Int32: [Float]] = [:]
    var nextMessage: Int32 = 0
    var rule: (any PlasticityRule)?
    var audit: LocalityAudit?
    /// Called after each weight change (post, pre, change) — the STDP measurement listens here.
    public var onWeightChange: ((Int, Int, Float, Double) -> Void)?
    let incoming: [[Int]]
    let outgoing: [[Int]]

    public init(_ model: BoltzmannMachine, initialStates x: Matrix, clock: NeuronClock, delay: Double = 0, seed: UInt64) {
        let n = model.unitCount
        precondition(x.rows == n && delay >= 0, "GlauberAgents: one row per unit, delay ≥ 0")
        self.model = model
        self.chains = x.cols
        self.clock = clock
        self.delay = delay
        self.seed = seed
        states = x
        received = x
        membranes = model.inputs(x)
        clamped = [Bool](repeating: false, count: n)
        rateMode = clamped
        updateCounts = [UInt64](repeating: 0, count: n)
        lastLearn = [Double](repeating: 0, count: n)
        incoming = (0..<n).map { i in (0..<n).filter { model.mask[i * n + $0] == 1 } }
        outgoing = (0..<n).map { j in (0..<n).filter { model.mask[$0 * n + j] == 1 } }
        for i in 0..<n { scheduleUpdate(i, after: 0) }
    }

    /// Makes the synapses plastic: at each of its updates, neuron i hands its incoming synapses and its bias to
    /// `rule`. A symmetric machine adds the change of synapse (i ← j) to Wⱼᵢ as well.
    public mutating func attach(rule: some PlasticityRule, audit: LocalityAudit? = nil) {
        self.rule = rule
        self.audit = audit
        lastLearn = [Double](repeating: scheduler.now, count: model.unitCount)
    }

    public mutating func detachRule() { rule = nil }

    /// Sets neuron i's states (all chains) from outside — data or a stimulus — and transmits them.
    public mutating func force(_ i: Int, to values: [Float]) {
        precondition(values.count == chains, "one value per chain")
        for c in 0..<chains { states[i, c] = values[c] }
        send(i)
    }

    /// Handles every event due up to `time`; `record` is called at each `record` event time given to
    /// ``scheduleRecords(every:until:)``.
    public mutating func run(until time: Double, record: ((GlauberAgents) -> Void)? = nil) {
        while let event = scheduler.next(until: time) {
            let i = Int(event.neuron)
            switch event.kind {
            case .update: update(i, at: event.time)
            case .forward: deliver(i, message: event.chain)
            case .record: record?(self)
            default: break
            }
            eventsHandled += 1
        }
        scheduler.advance(to: time)
    }

    /// Schedules `record` events every `interval` from now until `end`.
    public mutating func scheduleRecords(every interval: Double, until end: Double) {
        var t = scheduler.now + interval
        while t <= end { scheduler.schedule(.record, at: t); t += interval }
    }

    mutating func scheduleUpdate(_ i: Int, after t: Double) {
        let dt = Double(clock.interval(neuron: i, update: updateCounts[i], seed: seed))
        scheduler.schedule(.update, at: t + dt, neuron: i)
    }

    mutating func update(_ i: Int, at t: Double) {
        let k = updateCounts[i]
        updateCounts[i] += 1
        if !clamped[i] {
            let stream = NoiseStreams.random(seed: seed, .spikes, step: k, neuron: i)
            var changed = false
            for c in 0..<chains {
                let p = BinaryUnits.firingProbability(membranes[i, c])
                let s: Float = rateMode[i] ? p : (stream.uniform(UInt64(c)) < p ? 1 : 0)
                if s != states[i, c] { changed = true; states[i, c] = s }
            }
            if changed { send(i) }
        }
        if rule != nil { learn(i, at: t) }
        scheduleUpdate(i, after: t)
    }

    mutating func send(_ j: Int) {
        let message = nextMessage
        nextMessage &+= 1
        pending[message] = (0..<chains).map { states[j, $0] }
        scheduler.schedule(.forward, at: scheduler.now + delay, neuron: j, chain: Int(message))
    }

    mutating func deliver(_ j: Int, message: Int32) {
        guard let values = pending.removeValue(forKey: message) else { return }
        for i in outgoing[j] {
            let w = model.weights[i, j]
            for c in 0..<chains { membranes[i, c] += w * (values[c] - received[j, c]) }
        }
        for c in 0..<chains { received[j, c] = values[c] }
    }

    /// Neuron i's incoming synapses and bias learn through the rule (views over i's own signals and each
    /// presynaptic neuron's received state).
    mutating func learn(_ i: Int, at t: Double) {
        guard let rule else { return }
        let b = chains
        let elapsed = Float(t - lastLearn[i])
        lastLearn[i] = t
        var drive = [Float](repeating: 0, count: b), residual = drive
        for c in 0..<b { drive[c] = membranes[i, c] - model.bias[i] }
        var changes: [(Int, Float)] = []
        var biasChange: Float = 0
        do {
            // A copy of the weights for the closures; scoped so that it is released before `apply` writes the
            // weights below (a live copy would make every learning event copy the whole matrix).
            let weights = model.weights, bias = model.bias[i], audit = audit
            states.storage.withUnsafeBufferPointer { x in
                membranes.storage.withUnsafeBufferPointer { u in
                    received.storage.withUnsafeBufferPointer { r in
                        drive.withUnsafeBufferPointer { d in
                            residual.withUnsafeBufferPointer { z in
                                let signals = SynapseView.HostSignals(membrane: u.baseAddress! + i * b, drive: d.baseAddress!,
                                                                      residual: z.baseAddress!, rate: x.baseAddress! + i * b)
                                for j in incoming[i] {
                                    let dw = SynapseView.change(by: rule, post: i, pre: j, preRate: r.baseAddress! + j * b, postSignals: signals,
                                                                chains: b, weight: weights[i, j], time: t, elapsed: elapsed, audit: audit)
                                    if dw != 0 { changes.append((j, dw)) }
                                }
                                biasChange = BiasView.change(by: rule, post: i, postSignals: signals, chains: b, bias: bias,
                                                             elapsed: elapsed, audit: audit)
                            }
                        }
                    }
                }
            }
        }
        for (j, dw) in changes {
            apply(dw, post: i, pre: j)
            if model.symmetric { apply(dw, post: j, pre: i) }
            onWeightChange?(i, j, dw, t)
        }
        model.bias[i] += biasChange
        for c in 0..<b { membranes[i, c] += biasChange }
    }

    /// Wᵢⱼ += Δ, and uᵢ += Δ s̃ⱼ so the membrane stays Σⱼ Wᵢⱼ s̃ⱼ + bᵢ.
    mutating func apply(_ dw: Float, post i: Int, pre j: Int) {
        model.weights[i, j] += dw
        for c in 0..<chains { membranes[i, c] += dw * received[j, c] }
    }
}
