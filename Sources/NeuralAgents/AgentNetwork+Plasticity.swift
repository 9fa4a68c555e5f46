import LangevinMachine

/// The learning side of a network: the rule, when each neuron's synapses last learned, and the audit log.
struct LearningState: Sendable {
    var rule: any PlasticityRule
    var schedule: LearningSchedule
    var learnDiagonal: Bool
    var lastLearn: [Double]
    var audit: LocalityAudit?
    var evokedResidual: [Float]
    var spontaneousResidual: [Float]
}

extension AgentNetwork {
    /// Makes the synapses plastic: at each of its updates, neuron i hands every incoming synapse (i ← j)
    /// a ``SynapseView`` and adds the returned change to Jᵢⱼ (self-synapses only if `learnDiagonal`), and its
    /// bias a ``BiasView`` (if the model has a bias). With `.globalPhases`, a global phase event alternates
    /// the compartments.
    public mutating func attach(rule: some PlasticityRule, schedule: LearningSchedule = .phaseFree,
                                learnDiagonal: Bool = false, audit: LocalityAudit? = nil) {
        precondition(spikes == nil, "plasticity needs graded transmission")
        precondition(evoked != nil, "attach a stimulus before the plasticity rule")
        plastic = true
        learning = LearningState(rule: rule, schedule: schedule, learnDiagonal: learnDiagonal,
                                 lastLearn: [Double](repeating: start, count: neuronCount), audit: audit,
                                 evokedResidual: [Float](repeating: 0, count: evoked!.chains),
                                 spontaneousResidual: [Float](repeating: 0, count: spontaneous.chains))
        if case .globalPhases = schedule {
            phase = .sleep  // the first phase event (at the start) switches to wake
        }
    }

    /// The global phase signal: wake ↔ sleep, every compartment of every neuron switched at once.
    mutating func switchPhase(at t: Double) {
        guard case let .some(.globalPhases(duration)) = learning?.schedule else { return }
        phase = phase == .wake ? .sleep : .wake
        spontaneous.active = phase == .sleep
        evoked?.active = phase == .wake
        scheduler.schedule(.phase, at: t + duration)
    }

    /// Neuron i's synapses learn: every rule call sees only (pre j, post i, Jᵢⱼ, clock).
    mutating func learn(_ i: Int, at t: Double) {
        guard var state = learning else { return }
        learning = nil  // taken out while the weights are written (exclusive access)
        defer { learning = state }
        let elapsed = Float(t - state.lastLearn[i])
        state.lastLearn[i] = t
        guard elapsed > 0 else { return }
        let n = neuronCount, bi = bias[i]
        let e = evoked!, s = spontaneous
        for c in 0..<e.chains {
            state.evokedResidual[c] = NeuronDynamics.residual(membrane: e.membrane[i * e.chains + c],
                                                              drive: e.drive[i * e.chains + c], bias: bi)
        }
        for c in 0..<s.chains {
            state.spontaneousResidual[c] = NeuronDynamics.residual(membrane: s.membrane[i * s.chains + c],
                                                                   drive: s.drive[i * s.chains + c], bias: bi)
        }
        let rule = state.rule, learnDiagonal = state.learnDiagonal, audit = state.audit
        let weights = self.weights, hasBias = self.hasBias
        let (weightChanges, biasChange) = Self.withSignals(e, s, &state, neuron: i, phase: phase) { post, evokedRates, spontaneousRates in
            Self.applyRule(rule, post: post, neuron: i, neurons: n, weights: weights, evokedRates: evokedRates,
                           spontaneousRates: spontaneousRates, evokedChains: e.chains, spontaneousChains: s.chains,
                           learnDiagonal: learnDiagonal, time: t, elapsed: elapsed, bias: hasBias ? bi : nil,
                           audit: audit)
        }
        _ = consume weights
        self.weights.withUnsafeMutableBufferPointer { w in
            for j in 0..<n { w[i * n + j] += weightChanges[j] }
        }
        delivery.weightsChanged()
        if hasBias { bias[i] += biasChange }
        Self.correctForWeightChange(&evoked!, neuron: i, neurons: n, changes: weightChanges, feedback: false)
        Self.correctForWeightChange(&spontaneous, neuron: i, neurons: n, changes: weightChanges, feedback: true)
    }

    /// Keeps the event-accumulated sums exact when synapse (i ← j) changes by ΔJᵢⱼ: the drive hᵢ = Σⱼ Jᵢⱼ φⱼ
    /// that neuron i accumulated from forward events gains ΔJᵢⱼ·φⱼ (φⱼ as i received it), and the feedback
    /// fⱼ = Σₖ Jₖⱼ rₖ that neuron j accumulated from i's error events gains ΔJᵢⱼ·rᵢ (rᵢ as i last sent it) — a
    /// correction carried back through the same synapse. Without it the sums keep the weights of the time
    /// each event was sent and drift away from Jφ and Jᵀr as the synapses learn.
    static func correctForWeightChange(_ c: inout Compartment, neuron i: Int, neurons n: Int, changes: [Float], feedback: Bool) {
        let b = c.chains
        c.drive.withUnsafeMutableBufferPointer { h in
            c.sentRate.withUnsafeBufferPointer { phi in
                let hi = h.baseAddress! + i * b
                for j in 0..<n where changes[j] != 0 {
                    let dj = changes[j], pj = phi.baseAddress! + j * b
                    for k in 0..<b { hi[k] += dj * pj[k] }
                }
            }
        }
        guard feedback else { return }
        c.feedback.withUnsafeMutableBufferPointer { f in
            c.sentResidual.withUnsafeBufferPointer { r in
                let ri = r.baseAddress! + i * b
                for j in 0..<n where changes[j] != 0 {
                    let dj = changes[j], fj = f.baseAddress! + j * b
                    for k in 0..<b { fj[k] += dj * ri[k] }
                }
            }
        }
    }

    /// Builds the postsynaptic view of neuron i and hands it, with pointers to the transmitted rates, to
    /// `body`.
    static func withSignals<R>(_ e: Compartment, _ s: Compartment, _ state: inout LearningState, neuron i: Int, phase: LearningPhase,
                               _ body: (PostsynapticSignals, UnsafePointer<Float>, UnsafePointer<Float>) -> R) -> R {
        let eb = e.chains, sb = s.chains, eo = i * eb, so = i * sb
        return e.membrane.withUnsafeBufferPointer { em in e.drive.withUnsafeBufferPointer { ed in
            e.rate.withUnsafeBufferPointer { er in e.sentRate.withUnsafeBufferPointer { esent in
            s.membrane.withUnsafeBufferPointer { sm in s.drive.withUnsafeBufferPointer { sd in
            s.rate.withUnsafeBufferPointer { sr in s.sentRate.withUnsafeBufferPointer { ssent in
            state.evokedResidual.withUnsafeBufferPointer { eres in state.spontaneousResidual.withUnsafeBufferPointer { sres in
                let post = PostsynapticSignals(
                    neuron: i, pre: -1,
                    evoked: (ChainSignal(em.baseAddress! + eo, count: eb), ChainSignal(ed.baseAddress! + eo, count: eb),
                             ChainSignal(eres.baseAddress!, count: eb), ChainSignal(er.baseAddress! + eo, count: eb)),
                    spontaneous: (ChainSignal(sm.baseAddress! + so, count: sb), ChainSignal(sd.baseAddress! + so, count: sb),
                                  ChainSignal(sres.baseAddress!, count: sb), ChainSignal(sr.baseAddress! + so, count: sb)),
                    currentPhase: phase, audit: state.audit)
                return body(post, esent.baseAddress!, ssent.baseAddress!)
            } }
            } } } }
            } } } }
    }

    /// Calls the rule for every incoming synapse of neuron i. Returns the weight changes of row i and the
    /// bias change.
    static func applyRule<Rule: PlasticityRule>(_ rule: Rule, post: PostsynapticSignals, neuron i: Int, neurons n: Int,
                                                weights: [Float], evokedRates: UnsafePointer<Float>,
                                                spontaneousRates: UnsafePointer<Float>, evokedChains eb: Int,
                                                spontaneousChains sb: Int, learnDiagonal: Bool, time: Double,
                                                elapsed: Float, bias: Float?, audit: LocalityAudit?) -> ([Float], Float) {
        var changes = [Float](repeating: 0, count: n)
        for j in 0..<n where j != i || learnDiagonal {
            let pre = PresynapticSignals(neuron: j, post: i, evokedRate: ChainSignal(evokedRates + j * eb, count: eb),
                                         spontaneousRate: ChainSignal(spontaneousRates + j * sb, count: sb), audit: audit)
            let postView = PostsynapticSignals(neuron: i, pre: j, evoked: post.evoked, spontaneous: post.spontaneous,
                                           currentPhase: post.currentPhase, audit: audit)
            let view = SynapseView(presynaptic: pre, postsynaptic: postView, ownWeight: weights[i * n + j], now: time,
                                   sinceLastUpdate: elapsed, audit: audit)
            changes[j] = rule.weightChange(view)
        }
        var biasChange: Float = 0
        if let b = bias {
            let postView = PostsynapticSignals(neuron: i, pre: -1, evoked: post.evoked, spontaneous: post.spontaneous,
                                               currentPhase: post.currentPhase, audit: audit)
            biasChange = rule.biasChange(BiasView(postsynaptic: postView, ownBias: b, sinceLastUpdate: elapsed, audit: audit))
        }
        return (changes, biasChange)
    }
}
