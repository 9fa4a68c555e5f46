import LangevinMachine

/// The role of a compartment of a neuron agent.
public enum CompartmentRole: Sendable, Hashable {
    /// Free-running (spontaneous): integrates the Langevin SDE.
    case spontaneous
    /// Data-driven (evoked): its membrane is set by stimulus events.
    case evoked
}

/// The state of one compartment of every neuron, for B independent chains (copies of the network): each
/// neuron owns a small vector over chains, stored neuron-major (value (i, c) at `i·B + c`), which is the
/// layout of an N × B ``Matrix`` of chains as columns.
struct Compartment: Sendable {
    let role: CompartmentRole
    let chains: Int
    var active = true
    /// xᵢ
    var membrane: [Float]
    /// φ(xᵢ), computed by the neuron at its last update.
    var rate: [Float]
    /// The rate the neuron last sent (what its targets have received).
    var sentRate: [Float]
    /// hᵢ = Σⱼ Jᵢⱼ φⱼ as accumulated from received forward events (or from the spike trace).
    var drive: [Float]
    /// The residual rᵢ = xᵢ − hᵢ − bᵢ the neuron last sent back.
    var sentResidual: [Float]
    /// fᵢ = Σₖ Jₖᵢ rₖ as accumulated from received error events.
    var feedback: [Float]

    init(role: CompartmentRole, neurons: Int, chains: Int, membrane: [Float]) {
        self.role = role
        self.chains = chains
        let zeros = [Float](repeating: 0, count: neurons * chains)
        self.membrane = membrane
        rate = zeros
        sentRate = zeros
        drive = zeros
        sentResidual = zeros
        feedback = zeros
    }
}

extension Compartment {
    /// The send-on-delta checks of neuron i after its update, in one pass over its chains: a forward (Δφ)
    /// event is due when some rate φ moved by more than `threshold` since it was last sent, an error (Δr)
    /// event when some residual r = x − h − b did (any change when the threshold is 0).
    /// - Complexity: O(B), branch-free max reductions that vectorise.
    func sendsDue(neuron i: Int, bias bi: Float, threshold: Float) -> (forward: Bool, error: Bool) {
        let b = chains
        return membrane.withUnsafeBufferPointer { xs in
            drive.withUnsafeBufferPointer { hs in
                rate.withUnsafeBufferPointer { ps in
                    sentRate.withUnsafeBufferPointer { sps in
                        sentResidual.withUnsafeBufferPointer { srs in
                            Self.sendsDue(membrane: xs.baseAddress! + i * b, drive: hs.baseAddress! + i * b,
                                          rate: ps.baseAddress! + i * b, sentRate: sps.baseAddress! + i * b,
                                          sentResidual: srs.baseAddress! + i * b, bias: bi, threshold: threshold,
                                          chains: b)
                        }
                    }
                }
            }
        }
    }

    /// The kernel of ``sendsDue(neuron:bias:threshold:)`` on one neuron's chain vectors.
    @inline(__always)
    static func sendsDue(membrane x: UnsafePointer<Float>, drive h: UnsafePointer<Float>, rate p: UnsafePointer<Float>,
                         sentRate: UnsafePointer<Float>, sentResidual: UnsafePointer<Float>, bias bi: Float,
                         threshold: Float, chains b: Int) -> (forward: Bool, error: Bool) {
        var worstRate: Float = 0, worstResidual: Float = 0
        for c in 0..<b {
            worstRate = Swift.max(worstRate, (p[c] - sentRate[c]).magnitude)
            let r = NeuronDynamics.residual(membrane: x[c], drive: h[c], bias: bi)
            worstResidual = Swift.max(worstResidual, (r - sentResidual[c]).magnitude)
        }
        return (worstRate > threshold, worstResidual > threshold)
    }
}
