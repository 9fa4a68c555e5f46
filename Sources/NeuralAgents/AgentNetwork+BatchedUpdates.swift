import DenseKernels
import LangevinMachine

extension AgentNetwork {
    /// Handles `first` (an update event) together with every update due at the same time, for a free-running
    /// network (no spikes, evoked compartment, learning or recorder).
    ///
    /// Same-time updates are adjacent in the event order; each reads and writes only its own neuron's state
    /// and schedules events of later kinds or times. So the integrations are done first, in one pass with the
    /// buffers opened once, and the scheduling after, neuron by neuron in the same order as one by one
    /// (same sequence numbers): the results and the event order are those of handling the events singly.
    /// - Complexity: O(M·B) for M updates, without the per-event overhead.
    mutating func updateBatch(first: Event, until limit: Double) {
        var scratch = delivery
        delivery = DeliveryScratch()
        defer { delivery = scratch }
        scratch.updaters.removeAll(keepingCapacity: true)
        scratch.updaters.append(first.neuron)
        while let head = scheduler.peek(), head.time == first.time, head.kind == .update, head.time <= limit {
            _ = scheduler.next(until: limit)
            scratch.updaters.append(head.neuron)
        }
        let m = scratch.updaters.count
        statistics.events[Int(EventKind.update.rawValue)] += m
        statistics.neuronUpdates += m
        if scratch.due.count < m { scratch.due = [UInt8](repeating: 0, count: m) }
        Self.integrate(&spontaneous, neurons: scratch.updaters, noiseCount: &noiseCount, intervals: pendingInterval,
                       bias: bias, configuration: configuration, noise: &deltaScratch, due: &scratch.due)
        let delta = configuration.delta
        for (k, s) in scratch.updaters.enumerated() {
            let flags = scratch.due[k]
            scheduleAfterUpdate(Int(s), at: first.time, forward: flags & 1 != 0, error: delta == 0 || flags & 2 != 0)
        }
    }

    /// Integrates each neuron of `neurons` over its pending interval (see ``integrate(_:dt:)``) and records
    /// in `due` which sends are due (bit 0: forward, bit 1: error).
    static func integrate(_ c: inout Compartment, neurons: [Int32], noiseCount: inout [UInt64], intervals: [Float],
                          bias: [Float], configuration: AgentConfiguration, noise: inout [Float], due: inout [UInt8]) {
        let b = c.chains, delta = configuration.delta, temperature = configuration.temperature
        let seed = configuration.seed, purpose = configuration.noisePurpose
        let firstChain = configuration.firstChain, firstStep = configuration.firstStep
        c.membrane.withUnsafeMutableBufferPointer { xs in
            c.rate.withUnsafeMutableBufferPointer { ps in
                c.drive.withUnsafeBufferPointer { hs in
                    c.feedback.withUnsafeBufferPointer { fs in
                        c.sentRate.withUnsafeBufferPointer { sps in
                            c.sentResidual.withUnsafeBufferPointer { srs in
                                noise.withUnsafeMutableBufferPointer { xi in
                                    noiseCount.withUnsafeMutableBufferPointer { counts in
                                        let noise = UnsafeMutableBufferPointer(rebasing: xi[0..<b])
                                        for (k, s) in neurons.enumerated() {
                                            let i = Int(s), o = i * b
                                            let dt = intervals[i]
                                            let noiseScale = (2 * temperature * dt).squareRoot()
                                            let step = firstStep + counts[i]
                                            counts[i] += 1
                                            if noiseScale > 0 {
                                                NoiseStreams.random(seed: seed, purpose, step: step, neuron: i)
                                                    .fillGaussian(noise, startingAt: firstChain)
                                            } else {
                                                noise.update(repeating: 0)
                                            }
                                            let x = xs.baseAddress! + o, p = ps.baseAddress! + o
                                            let h = hs.baseAddress! + o
                                            eulerMaruyama(membrane: x, rate: p, drive: h, feedback: fs.baseAddress! + o,
                                                          bias: bias[i], dt: dt, noiseScale: noiseScale,
                                                          noise: noise.baseAddress!, chains: b)
                                            let d = Compartment.sendsDue(membrane: x, drive: h, rate: p,
                                                                         sentRate: sps.baseAddress! + o,
                                                                         sentResidual: srs.baseAddress! + o,
                                                                         bias: bias[i], threshold: delta, chains: b)
                                            due[k] = (d.forward ? 1 : 0) | (d.error ? 2 : 0)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
