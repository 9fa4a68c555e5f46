/// Views for neuron families hosted outside ``AgentNetwork`` (for instance the binary stochastic units of
/// ProbabilityFlow), so that their plasticity also runs through ``PlasticityRule`` and is covered by the
/// ``LocalityAudit``. A host has one compartment: it is presented under both roles (`.evoked` and
/// `.spontaneous` read the same values), and the global phase is always `.concurrent`.
extension SynapseView {
    /// The signals of one neuron, as B chain values each (pointers valid for the duration of the call).
    public struct HostSignals {
        public var membrane: UnsafePointer<Float>
        public var drive: UnsafePointer<Float>
        public var residual: UnsafePointer<Float>
        public var rate: UnsafePointer<Float>
        public init(membrane: UnsafePointer<Float>, drive: UnsafePointer<Float>, residual: UnsafePointer<Float>, rate: UnsafePointer<Float>) {
            self.membrane = membrane
            self.drive = drive
            self.residual = residual
            self.rate = rate
        }
    }

    /// Calls `rule` for synapse (post ← pre): the presynaptic neuron's transmitted rate `preRate`, the
    /// postsynaptic neuron's own signals, the synapse's weight and clock. Returns the weight change.
    public static func change(by rule: some PlasticityRule, post: Int, pre: Int, preRate: UnsafePointer<Float>,
                              postSignals s: HostSignals, chains: Int, weight: Float, time: Double, elapsed: Float,
                              audit: LocalityAudit?) -> Float {
        let p = ChainSignal(preRate, count: chains)
        let signals = (ChainSignal(s.membrane, count: chains), ChainSignal(s.drive, count: chains),
                       ChainSignal(s.residual, count: chains), ChainSignal(s.rate, count: chains))
        let view = SynapseView(presynaptic: PresynapticSignals(neuron: pre, post: post, evokedRate: p, spontaneousRate: p, audit: audit),
                               postsynaptic: PostsynapticSignals(neuron: post, pre: pre, evoked: signals, spontaneous: signals,
                                                                 currentPhase: .concurrent, audit: audit),
                               ownWeight: weight, now: time, sinceLastUpdate: elapsed, audit: audit)
        return rule.weightChange(view)
    }
}

extension BiasView {
    /// Calls `rule` for the bias of neuron `post` (see ``SynapseView/change(by:post:pre:preRate:postSignals:chains:weight:time:elapsed:audit:)``).
    public static func change(by rule: some PlasticityRule, post: Int, postSignals s: SynapseView.HostSignals, chains: Int,
                              bias: Float, elapsed: Float, audit: LocalityAudit?) -> Float {
        let signals = (ChainSignal(s.membrane, count: chains), ChainSignal(s.drive, count: chains),
                       ChainSignal(s.residual, count: chains), ChainSignal(s.rate, count: chains))
        return rule.biasChange(BiasView(postsynaptic: PostsynapticSignals(neuron: post, pre: -1, evoked: signals, spontaneous: signals,
                                                                          currentPhase: .concurrent, audit: audit),
                                        ownBias: bias, sinceLastUpdate: elapsed, audit: audit))
    }
}
