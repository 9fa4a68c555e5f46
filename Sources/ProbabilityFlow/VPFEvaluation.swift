import DenseKernels
import Foundation
import LangevinMachine

/// The measurements of one trained model in a `vpf` MNIST run: AIS log Z and test log-likelihood with error
/// bars, reconstruction error per corruption level, samples and example reconstructions.
enum VPFEvaluation {
    struct Measurements {
        var ais: AnnealedImportanceSampling.Estimate
        /// Mean test log-likelihood (nats per image), its standard error (test images and AIS combined), or nil
        /// when the architecture has no closed-form marginal (a DBM).
        var logLikelihood: (mean: Double, standardError: Double)?
        var aisSeconds: Double
        /// Per corruption: (level, error rate, SE, error rate of the corrupted input).
        var occlusion: [(level: Double, rate: Double, se: Double, input: Double)]
        var flips: [(level: Double, rate: Double, se: Double, input: Double)]
        var samples: [[Float]]
        var examples: [[Float]]
    }

    /// Images `indices` of a row-major image array as the columns of a `width × B` batch.
    static func columns(_ pixels: [Float], width nv: Int, indices: [Int]) -> Matrix {
        var x = Matrix(rows: nv, cols: indices.count)
        for (c, k) in indices.enumerated() { for i in 0..<nv { x.storage[i * indices.count + c] = pixels[k * nv + i] } }
        return x
    }

    /// Column c of a batch as an image.
    static func column(_ x: Matrix, _ c: Int, rows: Int? = nil) -> [Float] {
        (0..<(rows ?? x.rows)).map { x[$0, c] }
    }

    /// A Fisher–Yates permutation of 0..<count from stream (dataOrder, epoch, 0).
    static func permutation(_ count: Int, seed: UInt64, epoch: Int) -> [Int] {
        var order = Array(0..<count)
        let stream = NoiseStreams.random(seed: seed, .dataOrder, step: UInt64(epoch), neuron: 0)
        for k in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(stream.bits(UInt64(k)) % UInt32(k + 1))
            order.swapAt(k, j)
        }
        return order
    }

    /// Mean squared error per pixel of the up–down mean-field reconstruction v̂ = σ(W_vh μ(v) + b_v).
    static func reconstructionError(_ model: BoltzmannMachine, _ images: Matrix, sweeps: Int) -> Double {
        let free = Matrix(rows: images.rows, cols: images.cols)
        let r = ClampedInference.reconstruct(model, corrupted: images, free: free, corruption: .flips(fraction: 0), inference: .meanField(sweeps: 1),
                                             posteriorSweeps: MeanField.sufficientSweeps(model.architecture, iterative: sweeps))
        var total = 0.0
        for e in 0..<images.count { let d = Double(images.storage[e] - r.storage[e]); total += d * d }
        return total / Double(images.count)
    }

    static func measure(_ model: BoltzmannMachine, settings s: VPFRun.Settings, test: [Float], testCount: Int,
                        visibleMeans: [Float], seed: UInt64, log: (String) -> Void) throws -> Measurements {
        let nv = model.visibleCount, side = Int(Double(nv).squareRoot())
        let images = columns(test, width: nv, indices: Array(0..<min(s.testImages, testCount)))
        let start = Date()
        let base = AnnealedImportanceSampling.baseBias(units: model.unitCount, visibleMeans: visibleMeans)
        let ais = AnnealedImportanceSampling.logPartition(model, baseBias: base, temperatures: s.aisTemperatures, chains: s.aisChains,
                                                          seed: seed, marginalizeHidden: true)
        let aisSeconds = Date().timeIntervalSince(start)
        var logLikelihood: (Double, Double)?
        if let unnormalized = FreeEnergy.logUnnormalizedMarginals(model, visible: images) {
            let mean = unnormalized.reduce(0, +) / Double(unnormalized.count)
            let variance = unnormalized.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, unnormalized.count - 1))
            logLikelihood = (mean - ais.logPartition, (variance / Double(unnormalized.count) + ais.standardError * ais.standardError).squareRoot())
        }
        log(String(format: "  AIS log Z = %.2f ± %.2f (%d chains, %d temperatures, %.0f s); test log-likelihood %@",
                   ais.logPartition, ais.standardError, ais.chains, ais.temperatures, aisSeconds,
                   logLikelihood.map { String(format: "%.2f ± %.2f", $0.0, $0.1) } ?? "n/a (no closed-form marginal)"))
        var examples: [[Float]] = []
        func sweep(_ levels: [Double], _ make: (Double) -> Corruption) -> [(level: Double, rate: Double, se: Double, input: Double)] {
            levels.enumerated().map { k, level in
                let corruption = make(level)
                let (corrupted, free) = ClampedInference.corrupt(images, corruption, width: side, height: side, seed: seed &+ UInt64(k))
                let r = ClampedInference.reconstruct(model, corrupted: corrupted, free: free, corruption: corruption,
                                                     inference: s.inference, posteriorSweeps: MeanField.sufficientSweeps(model.architecture, iterative: s.meanFieldSweeps),
                                                     seed: seed &+ 100 &+ UInt64(k))
                let e = ClampedInference.errorRate(r, clean: images, free: free, corruption: corruption)
                let input = ClampedInference.errorRate(corrupted, clean: images, free: free, corruption: corruption)
                if k == levels.count / 2 {
                    for c in 0..<min(10, images.cols) { examples.append(column(images, c)) }
                    for c in 0..<min(10, images.cols) { examples.append(column(corrupted, c)) }
                    for c in 0..<min(10, images.cols) { examples.append(column(r, c)) }
                }
                return (level, e.rate, e.standardError, input.rate)
            }
        }
        let occlusion = sweep(s.occlusion) { .occlusion(fraction: $0) }
        let flips = sweep(s.flips) { .flips(fraction: $0) }
        // Samples: Gibbs chains from random states; shown as the visible firing probabilities of the last sweep.
        var x = GibbsSampler.randomStates(units: model.unitCount, chains: s.sampleChains, seed: seed &+ 11)
        GibbsSampler.run(model, states: &x, sweeps: s.sampleSweeps, seed: seed &+ 11, purpose: .samplingNoise)
        let u = model.inputs(x)
        let samples = (0..<s.sampleChains).map { c in (0..<nv).map { BinaryUnits.firingProbability(u[$0, c]) } }
        return Measurements(ais: ais, logLikelihood: logLikelihood, aisSeconds: aisSeconds, occlusion: occlusion, flips: flips,
                            samples: samples, examples: examples)
    }
}
