import DenseKernels
import LangevinMachine

extension AgentNetwork {
    /// Handles every event due no later than `time` (then the clock reads `time`).
    public mutating func run(until time: Double) {
        if scheduler.processed == 0 && scheduler.pending == 0 { begin() }
        while let e = scheduler.next(until: time) {
            if e.kind == .update && !spiking && evoked == nil && !plastic && recorder == nil && spontaneous.active {
                updateBatch(first: e, until: time)  // with every same-time update
            } else if e.kind == .forward || e.kind == .error {
                deliverBatch(first: e, until: time)  // with every same-time event of its kind
            } else {
                handle(e)
            }
        }
        scheduler.advance(to: time)
    }

    /// Runs for `duration` time units.
    public mutating func run(for duration: Double) {
        run(until: scheduler.now + duration)
    }

    /// With a fixed clock of interval dt: runs until every neuron has made `steps` more updates
    /// (the event counterpart of `steps` dense steps).
    public mutating func run(steps: Int) {
        guard case let .fixed(dt) = configuration.clock else {
            preconditionFailure("run(steps:) needs a fixed clock")
        }
        let done = clockCount.first ?? 0
        run(until: start + Double(Int(done) + steps) * Double(dt))
    }

    /// Schedules the initial events: every neuron computes its rate and sends its rate and residual at the
    /// start time, and draws the time of its first update.
    mutating func begin() {
        let n = neuronCount
        computeRates(&spontaneous)
        if evoked != nil { computeRates(&evoked!) }
        if spikes != nil { scheduleFirstSpikes() }
        if case let .some(schedule) = learning?.schedule, case .globalPhases = schedule {
            scheduler.schedule(.phase, at: start)
        }
        for i in 0..<n {
            scheduler.schedule(.forward, at: start, neuron: i)
            scheduler.schedule(.error, at: start, neuron: i)
            pendingInterval[i] = configuration.clock.interval(neuron: i, update: 0, seed: configuration.seed)
            scheduler.schedule(.update, at: nextUpdateTime(i), neuron: i)
        }
        if let r = recorder, case .interval = r.sampling { scheduler.schedule(.record, at: start) }
    }

    mutating func sampleRecorder(at t: Double, neuron: Int?) {
        guard var r = recorder else { return }
        recorder = nil
        r.sample(self, at: t, neuron: neuron)
        recorder = r
    }

    func computeRates(_ c: inout Compartment) {
        for k in 0..<c.membrane.count { c.rate[k] = Tanh.value(c.membrane[k]) }
    }

    func nextUpdateTime(_ i: Int) -> Double {
        if configuration.clock.isPeriodic {
            return start + Double(clockCount[i] + 1) * Double(configuration.clock.meanInterval(neuron: i))
        }
        return scheduler.now + Double(pendingInterval[i])
    }

    mutating func handle(_ e: Event) {
        let i = Int(e.neuron)
        if e.kind != .forward && e.kind != .error { statistics.events[Int(e.kind.rawValue)] += 1 }
        switch e.kind {
        case .update: update(i, at: e.time)
        case .forward, .error: deliverBatch(first: e, until: e.time)
        case .plasticity: learn(i, at: e.time)
        case .spike: spike(neuron: i, chain: Int(e.chain), at: e.time)
        case .phase: switchPhase(at: e.time)
        case .record:
            sampleRecorder(at: e.time, neuron: nil)
            if let r = recorder, case let .interval(dt) = r.sampling { scheduler.schedule(.record, at: e.time + dt) }
        }
    }

    /// Neuron i's own update: integrate the free-running compartment over the pending interval, take the
    /// stimulus into the evoked one, draw the next interval, and schedule this tick's sends.
    mutating func update(_ i: Int, at t: Double) {
        let dt = pendingInterval[i]
        let delta = configuration.delta
        var forward = false, error = false
        if spontaneous.active {
            if spiking { refreshSpikeDrive(i, at: t) }
            integrate(i, dt: dt)
            let due = spontaneous.sendsDue(neuron: i, bias: bias[i], threshold: delta)
            forward = !spiking && due.forward
            error = delta == 0 || due.error
        }
        if evoked?.active == true {
            presentStimulus(i, at: t)
            if !forward { forward = evoked!.sendsDue(neuron: i, bias: bias[i], threshold: delta).forward }
        }
        scheduleAfterUpdate(i, at: t, forward: forward, error: error)
        if plastic { scheduler.schedule(.plasticity, at: t, neuron: i) }
        if recorder?.sampling == .everyUpdate, recorder?.records(neuron: i) == true { sampleRecorder(at: t, neuron: i) }
    }

    /// Counts neuron i's update at t, draws its next interval, and schedules its next update and the sends
    /// that are due.
    mutating func scheduleAfterUpdate(_ i: Int, at t: Double, forward: Bool, error: Bool) {
        let count = clockCount[i] + 1
        clockCount[i] = count
        // Computed before the scheduler is written (reading `self` inside its argument list makes a copy).
        let next: Double
        switch configuration.clock {
        case let .fixed(interval):
            next = start + Double(count + 1) * Double(interval)
        case let .perNeuron(intervals):
            next = start + Double(count + 1) * Double(intervals[i])
        case .poisson:
            let interval = configuration.clock.interval(neuron: i, update: count, seed: configuration.seed)
            pendingInterval[i] = interval
            next = t + Double(interval)
        }
        scheduler.schedule(.update, at: next, neuron: i)
        if forward { scheduler.schedule(.forward, at: t, neuron: i) }
        if error { scheduler.schedule(.error, at: t, neuron: i) }
    }

    /// xᵢ ← EM(xᵢ, rᵢ, φ′(xᵢ), fᵢ, Δ) for every chain, noise from stream (purpose, firstStep + count, i).
    mutating func integrate(_ i: Int, dt: Float) {
        let b = spontaneous.chains
        let noiseScale = (2 * configuration.temperature * dt).squareRoot()
        let step = configuration.firstStep + noiseCount[i]
        noiseCount[i] += 1
        statistics.neuronUpdates += 1
        let bi = bias[i]
        let seed = configuration.seed, purpose = configuration.noisePurpose, firstChain = configuration.firstChain
        deltaScratch.withUnsafeMutableBufferPointer { xi in
            let noise = UnsafeMutableBufferPointer(rebasing: xi[0..<b])
            if noiseScale > 0 {
                NoiseStreams.random(seed: seed, purpose, step: step, neuron: i).fillGaussian(noise, startingAt: firstChain)
            } else {
                noise.update(repeating: 0)
            }
            Self.eulerMaruyama(&spontaneous, neuron: i, bias: bi, dt: dt, noiseScale: noiseScale, noise: noise.baseAddress!)
        }
    }

    static func eulerMaruyama(_ c: inout Compartment, neuron i: Int, bias bi: Float, dt: Float, noiseScale: Float,
                              noise: UnsafePointer<Float>) {
        let b = c.chains, o = i * b
        c.membrane.withUnsafeMutableBufferPointer { xs in
            c.rate.withUnsafeMutableBufferPointer { ps in
                c.drive.withUnsafeBufferPointer { hs in
                    c.feedback.withUnsafeBufferPointer { fs in
                        eulerMaruyama(membrane: xs.baseAddress! + o, rate: ps.baseAddress! + o, drive: hs.baseAddress! + o,
                                      feedback: fs.baseAddress! + o, bias: bi, dt: dt, noiseScale: noiseScale,
                                      noise: noise, chains: b)
                    }
                }
            }
        }
    }

    /// xₖ ← EM(xₖ, xₖ − hₖ − b, 1 − φₖ², fₖ, Δ, noise), φₖ ← tanh xₖ for the k < `chains` chains of one neuron.
    @inline(__always)
    static func eulerMaruyama(membrane x: UnsafeMutablePointer<Float>, rate p: UnsafeMutablePointer<Float>,
                              drive h: UnsafePointer<Float>, feedback f: UnsafePointer<Float>, bias bi: Float,
                              dt: Float, noiseScale: Float, noise: UnsafePointer<Float>, chains b: Int) {
        for k in 0..<b {
            let phi = p[k]
            let slope = Float(1).addingProduct(-phi, phi)
            let r = NeuronDynamics.residual(membrane: x[k], drive: h[k], bias: bi)
            let next = NeuronDynamics.eulerMaruyama(membrane: x[k], residual: r, slope: slope, feedback: f[k],
                                                    dt: dt, noiseScale: noiseScale, noise: noise[k])
            x[k] = next
            p[k] = Tanh.value(next)
        }
    }

    /// The evoked compartment takes the stimulus value of every channel at time t.
    mutating func presentStimulus(_ i: Int, at t: Double) {
        let samples = stimulus!.samples(at: t)
        let b = evoked!.chains
        for c in 0..<b {
            let x = stimulus!.value(neuron: i, sample: samples[c])
            evoked!.membrane[i * b + c] = x
            evoked!.rate[i * b + c] = Tanh.value(x)
        }
    }
}
