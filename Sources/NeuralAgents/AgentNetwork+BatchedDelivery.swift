import DenseKernels
import LangevinMachine

/// Reusable buffers of ``AgentNetwork/deliverBatch(first:until:)`` (allocated once, grown on demand).
struct DeliveryScratch: Sendable {
    /// The senders of the batch, in event order.
    var senders: [Int32] = []
    /// The neurons of a batch of same-time updates and the sends due after each (bit 0 forward, bit 1 error).
    var updaters: [Int32] = []
    var due: [UInt8] = []
    /// The distinct senders that moved at least one chain, in first-sent order.
    var movers: [Int32] = []
    /// Batch number in which each neuron last moved (to find distinct movers without clearing).
    var moverMark: [UInt32] = []
    var batch: UInt32 = 0
    /// Δ of every neuron (N × B, zero for neurons that did not move) or of the movers only (M × B).
    var deltas: [Float] = []
    var compactDeltas: [Float] = []
    /// Gathered synapses of the movers (N × M for forward events, M × N for error events).
    var gathered: [Float] = []
    /// Moved chain indices of one sender (sparse fan-out).
    var moved: [Int32] = []
    /// Chain-major accumulator (B × N, zero between batches) and the chains touched (sparse path).
    var chainMajor: [Float] = []
    var touchedChains: [Int32] = []
    var touched: [Bool] = []
    /// Jᵀ (row i: the outgoing synapses Jₖᵢ of neuron i, contiguous), built when first needed.
    var transposedCouplings: [Float] = []
    /// J and Jᵀ packed once for the GEMM (left factors); these and Jᵀ are dropped when a synapse learns.
    var packedCouplings: PackedMatrix?
    var packedTransposedCouplings: PackedMatrix?
    /// The residual of one sender's chains.
    var residual: [Float] = []

    /// Drops the packed copies of J (called when the weights change).
    mutating func weightsChanged() {
        packedCouplings = nil
        packedTransposedCouplings = nil
        transposedCouplings = []
    }

    /// The synapse rows of senders: J itself for error events (row i = incoming synapses Jᵢⱼ), Jᵀ for forward
    /// events (row i = outgoing synapses Jₖᵢ), built from `weights` on first use.
    mutating func senderRows(error: Bool, weights: [Float], neurons n: Int) -> [Float] {
        if error { return weights }
        if transposedCouplings.count != n * n {
            transposedCouplings = [Float](repeating: 0, count: n * n)
            transposedCouplings.withUnsafeMutableBufferPointer { t in
                weights.withUnsafeBufferPointer { w in
                    for i in 0..<n { for k in 0..<n { t[i * n + k] = w[k * n + i] } }
                }
            }
        }
        return transposedCouplings
    }

    mutating func reserve(neurons n: Int, chains b: Int) {
        if moverMark.count < n { moverMark = [UInt32](repeating: 0, count: n) }
        if deltas.count < n * b { deltas = [Float](repeating: 0, count: n * b) }
        if moved.count < b { moved = [Int32](repeating: 0, count: b) }
        if residual.count < b { residual = [Float](repeating: 0, count: b) }
    }
}

extension AgentNetwork {
    /// Handles `first` (a forward or error event) together with every event of the same kind due at the same
    /// time, which are adjacent in the event order and schedule nothing, so handling them together changes
    /// no result except the order of the sums.
    ///
    /// Every sender still decides alone what it sends (Δφ or Δr of its chains that moved by more than δ,
    /// exactly as ``sendForward`` / ``sendError``); only the accumulation at the targets is batched: with M
    /// senders whose Δ form the rows of an M × B matrix ΔΦ, the targets receive h += J[:, S]·ΔΦ (forward) or
    /// f += J[S, :]ᵀ·ΔR (error), computed by the packed GEMM when ΔΦ is dense enough (at least ¼ of its
    /// entries moved and at least ``batchMinimumSenders`` senders), else by one fan-out per sender.
    /// Event counts and sent values are counted per event as if handled one by one.
    ///
    /// - Complexity: O(M·B) for the sends plus O(N·M·B) multiply-adds (GEMM) or O(N·V) for V moved values.
    mutating func deliverBatch(first: Event, until limit: Double) {
        var scratch = delivery
        delivery = DeliveryScratch()  // taken out while the compartments are written
        defer { delivery = scratch }
        scratch.senders.removeAll(keepingCapacity: true)
        scratch.senders.append(first.neuron)
        while let head = scheduler.peek(), head.time == first.time, head.kind == first.kind, head.time <= limit {
            _ = scheduler.next(until: limit)
            scratch.senders.append(head.neuron)
        }
        statistics.events[Int(first.kind.rawValue)] += scratch.senders.count
        let delta = configuration.delta
        if first.kind == .forward {
            if spontaneous.active, spikes == nil {
                statistics.forwardValues += Self.deliver(&spontaneous, error: false, bias: bias, weights: weights,
                                                         neurons: neuronCount, delta: delta, scratch: &scratch)
            }
            if evoked?.active == true {
                statistics.forwardValues += Self.deliver(&evoked!, error: false, bias: bias, weights: weights,
                                                         neurons: neuronCount, delta: delta, scratch: &scratch)
            }
        } else if spontaneous.active {
            statistics.errorValues += Self.deliver(&spontaneous, error: true, bias: bias, weights: weights,
                                                   neurons: neuronCount, delta: delta, scratch: &scratch)
        }
    }

    /// Fewest distinct senders for which the GEMM is used.
    static var batchMinimumSenders: Int { 8 }

    /// The sends of `scratch.senders` for one compartment: forward (Δφ into the targets' drives) or error
    /// (Δr = Δ(x − h − b) into the sources' feedbacks). Returns the number of chain values sent.
    static func deliver(_ c: inout Compartment, error: Bool, bias: [Float], weights: [Float], neurons n: Int,
                        delta: Float, scratch: inout DeliveryScratch) -> Int {
        let b = c.chains
        guard b > 0 else { return 0 }
        scratch.reserve(neurons: n, chains: b)
        scratch.batch &+= 1
        if scratch.batch == 0 {  // wrapped: clear the marks
            for k in scratch.moverMark.indices { scratch.moverMark[k] = 0 }
            scratch.batch = 1
        }
        let mark = scratch.batch
        scratch.movers.removeAll(keepingCapacity: true)
        var sentValues = 0
        // 1. Every sender computes its Δ (send-on-delta) into its row of `deltas`.
        scratch.deltas.withUnsafeMutableBufferPointer { d in
            for s in scratch.senders {
                let i = Int(s)
                let row = d.baseAddress! + i * b
                if scratch.moverMark[i] != mark { row.update(repeating: 0, count: b) }
                let count = scratch.moved.withUnsafeMutableBufferPointer { m -> Int in
                    if error {
                        return scratch.residual.withUnsafeMutableBufferPointer { r in
                            Self.sendResidual(&c, neuron: i, bias: bias[i], threshold: delta, residual: r.baseAddress!,
                                              into: row, moved: m.baseAddress!)
                        }
                    }
                    return c.rate.withUnsafeBufferPointer { r in
                        c.sentRate.withUnsafeMutableBufferPointer { sent in
                            SynapticKernels.sendOnDelta(value: r.baseAddress! + i * b, sent: sent.baseAddress! + i * b,
                                                        threshold: delta, chains: b, delta: row, accumulate: true,
                                                        moved: m.baseAddress!)
                        }
                    }
                }
                sentValues += count
                if count > 0 && scratch.moverMark[i] != mark {
                    scratch.moverMark[i] = mark
                    scratch.movers.append(s)
                }
            }
        }
        let movers = scratch.movers.count
        guard movers > 0 else { return sentValues }
        // 2. The targets accumulate: GEMM when ΔΦ is dense enough, else one fan-out per mover.
        if movers >= batchMinimumSenders && sentValues * 4 >= movers * b {
            Self.multiplyDeltas(&c, error: error, weights: weights, neurons: n, scratch: &scratch)
        } else {
            Self.fanOutEach(&c, error: error, weights: weights, neurons: n, scratch: &scratch)
        }
        return sentValues
    }

    /// Δrᵢ of the chains whose residual rᵢ = xᵢ − hᵢ − bᵢ moved by more than the threshold since last sent
    /// (send-on-delta of the residual, computed into `residual`).
    static func sendResidual(_ c: inout Compartment, neuron i: Int, bias bi: Float, threshold: Float,
                             residual: UnsafeMutablePointer<Float>, into row: UnsafeMutablePointer<Float>,
                             moved: UnsafeMutablePointer<Int32>) -> Int {
        let b = c.chains
        c.membrane.withUnsafeBufferPointer { xs in
            c.drive.withUnsafeBufferPointer { hs in
                let x = xs.baseAddress! + i * b, h = hs.baseAddress! + i * b
                for k in 0..<b { residual[k] = NeuronDynamics.residual(membrane: x[k], drive: h[k], bias: bi) }
            }
        }
        return c.sentResidual.withUnsafeMutableBufferPointer { sent in
            SynapticKernels.sendOnDelta(value: residual, sent: sent.baseAddress! + i * b, threshold: threshold,
                                        chains: b, delta: row, accumulate: true, moved: moved)
        }
    }

    /// h += J[:, S]·ΔΦ_S or f += J[S, :]ᵀ·ΔR_S with the GEMM; S are the movers. With at least half of the
    /// neurons moving, the full J is used with zero rows of Δ for the others; otherwise the synapses of the
    /// movers are gathered first.
    static func multiplyDeltas(_ c: inout Compartment, error: Bool, weights: [Float], neurons n: Int,
                               scratch: inout DeliveryScratch) {
        let b = c.chains, m = scratch.movers.count
        let full = m * 2 >= n
        if full {
            // Rows of non-movers in `deltas` are stale: zero them.
            scratch.deltas.withUnsafeMutableBufferPointer { d in
                for i in 0..<n where scratch.moverMark[i] != scratch.batch {
                    (d.baseAddress! + i * b).update(repeating: 0, count: b)
                }
            }
        } else {
            if scratch.compactDeltas.count < m * b { scratch.compactDeltas = [Float](repeating: 0, count: m * b) }
            if scratch.gathered.count < m * n { scratch.gathered = [Float](repeating: 0, count: m * n) }
            let rows = scratch.senderRows(error: error, weights: weights, neurons: n)
            scratch.deltas.withUnsafeBufferPointer { d in
                scratch.compactDeltas.withUnsafeMutableBufferPointer { cd in
                    scratch.gathered.withUnsafeMutableBufferPointer { g in
                        rows.withUnsafeBufferPointer { w in
                            for (row, s) in scratch.movers.enumerated() {
                                let i = Int(s)
                                (cd.baseAddress! + row * b).update(from: d.baseAddress! + i * b, count: b)
                                // Row i of J (error) or Jᵀ (forward) → row `row` of the M × N gather.
                                (g.baseAddress! + row * n).update(from: w.baseAddress! + i * n, count: n)
                            }
                        }
                    }
                }
            }
        }
        let target = error ? \Compartment.feedback : \Compartment.drive
        if full {  // f (N × B) += Jᵀ·ΔR or h (N × B) += J·ΔΦ with J packed once
            if error && scratch.packedTransposedCouplings == nil {
                scratch.packedTransposedCouplings = weights.withUnsafeBufferPointer {
                    PackedMatrix(.left, rows: n, cols: n, .transposed, from: $0.baseAddress!, ld: n)
                }
            }
            if !error && scratch.packedCouplings == nil {
                scratch.packedCouplings = weights.withUnsafeBufferPointer {
                    PackedMatrix(.left, rows: n, cols: n, .none, from: $0.baseAddress!, ld: n)
                }
            }
            let packed = error ? scratch.packedTransposedCouplings! : scratch.packedCouplings!
            scratch.deltas.withUnsafeBufferPointer { d in
                c[keyPath: target].withUnsafeMutableBufferPointer { out in
                    GEMM.multiply(packed, .none, n: b, b: d.baseAddress!, ldb: b, beta: 1, c: out.baseAddress!, ldc: b)
                }
            }
            return
        }
        scratch.gathered.withUnsafeBufferPointer { g in
            scratch.compactDeltas.withUnsafeBufferPointer { d in
                c[keyPath: target].withUnsafeMutableBufferPointer { out in
                    // f += Gᵀ·ΔR or h += Gᵀ·ΔΦ, G the M × N mover rows of J (error) or Jᵀ (forward)
                    GEMM.multiply(.transposed, .none, m: n, n: b, k: m, a: g.baseAddress!, lda: n,
                                  b: d.baseAddress!, ldb: b, beta: 1, c: out.baseAddress!, ldc: b)
                }
            }
        }
    }

    /// Sparse Δ: for every moved value Δ_ic, Y[c, :] += Δ_ic · aᵢ with aᵢ the synapses of sender i (row i of J
    /// for error events, row i of Jᵀ for forward events, both contiguous), accumulated in a chain-major B × N
    /// buffer so that each moved value is one vectorised AXPY over N partners; then the touched chains are
    /// added into the targets (target[k·B + c] += Y[c, k]).
    /// - Complexity: O(N·V/8) vector FMAs for V moved values, plus O(N) per touched chain (fold).
    static func fanOutEach(_ c: inout Compartment, error: Bool, weights: [Float], neurons n: Int,
                           scratch: inout DeliveryScratch) {
        let b = c.chains
        if scratch.chainMajor.count < b * n { scratch.chainMajor = [Float](repeating: 0, count: b * n) }
        if scratch.touched.count < b {
            scratch.touched = [Bool](repeating: false, count: b)
            scratch.touchedChains = [Int32](repeating: 0, count: b)
        }
        let target = error ? \Compartment.feedback : \Compartment.drive
        let rows = scratch.senderRows(error: error, weights: weights, neurons: n)
        rows.withUnsafeBufferPointer { w in
            scratch.deltas.withUnsafeBufferPointer { d in
                scratch.chainMajor.withUnsafeMutableBufferPointer { y in
                    scratch.touched.withUnsafeMutableBufferPointer { touched in
                        var touchedCount = 0
                        for s in scratch.movers {
                            let i = Int(s)
                            let row = d.baseAddress! + i * b
                            let a = w.baseAddress! + i * n
                            for ch in 0..<b where row[ch] != 0 {
                                if !touched[ch] {
                                    touched[ch] = true
                                    scratch.touchedChains[touchedCount] = Int32(truncatingIfNeeded: ch)
                                    touchedCount &+= 1
                                }
                                SynapticKernels.axpy(row[ch], a, into: y.baseAddress! + ch * n, count: n)
                            }
                        }
                        // Fold target by target (contiguous rows of the targets), leaving Y zero for the next batch.
                        c[keyPath: target].withUnsafeMutableBufferPointer { out in
                            scratch.touchedChains.withUnsafeBufferPointer { list in
                                for k in 0..<n {
                                    let o = out.baseAddress! + k * b
                                    for t in 0..<touchedCount {
                                        let ch = Int(list[t])
                                        o[ch] += y[ch * n + k]
                                        y[ch * n + k] = 0
                                    }
                                }
                            }
                        }
                        for t in 0..<touchedCount { touched[Int(scratch.touchedChains[t])] = false }
                    }
                }
            }
        }
    }
}
