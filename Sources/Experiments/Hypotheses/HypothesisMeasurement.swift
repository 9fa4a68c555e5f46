import Analysis
import Datasets
import DenseKernels
import FileFormats
import FixedPoints
import Foundation
import LangevinMachine

/// The statistics a hypothesis can test, each computed by one procedure.
public enum HypothesisMetric: String, Sendable, CaseIterable {
    /// Final epoch's moment mismatch, mean over entries of (model − data)² of the learning statistic.
    case mismatch
    /// Mean energy ½‖r‖² of the held-out images under the trained model.
    case heldOutEnergy
    /// MSE (rates in [−1, 1]) after denoising held-out images with 20% flipped pixels.
    case denoiseMSE
    /// AAI error ½[(acc_S − ½)² + (acc_T − ½)²] of the samples against as many held-out images.
    case aaiError
    /// acc_T: share of samples whose nearest neighbour in the pool is another sample.
    case accT
    /// Second-moment error E⁽²⁾: mean over entries of (Cov_held-out − Cov_samples)².
    case secondMomentError
    /// Mean nearest-neighbour distance from samples to the training set over that from held-out images to the
    /// training set: ≪ 1 when samples copy training images (memorisation), ≈ 1 when they are as novel as
    /// new data (generalisation).
    case memorisationRatio
    /// Largest Lyapunov exponent of the sampling dynamics (1/time), mean over chains.
    case lyapunov
    /// Mean energy of the chains at the end of the Lyapunov run.
    case finalEnergy

    public var procedure: HypothesisSpec.Procedure {
        switch self {
        case .lyapunov, .finalEnergy: return .lyapunov
        default: return .train
        }
    }
}

/// What one arm measured for one seed: every metric of its procedure, and the sample picture if any.
public struct ArmMeasurement: Sendable {
    public var values: [HypothesisMetric: Double]
    public var samplesPicture: String?
    public var seconds: Double
}

enum HypothesisMeasurement {
    /// The network spec of `arm` for `seed`: the baseline file with the hypothesis's and the arm's fields set.
    static func spec(_ h: HypothesisSpec, arm: HypothesisSpec.Arm, seed: UInt64) throws -> NetworkSpec {
        var spec = try NetworkPatch.apply(h.settings + arm.settings, to: h.baselinePath, seed: seed, from: h.file)
        spec.outputDirectory = h.outputDirectory
        return spec
    }

    /// Runs `arm` for `seed` and measures it. `picture` names a PNG for the samples (nil: none).
    static func measure(_ h: HypothesisSpec, arm: HypothesisSpec.Arm, seed: UInt64, picture: String?) throws -> ArmMeasurement {
        let start = Date()
        let spec = try spec(h, arm: arm, seed: seed)
        switch h.procedure {
        case .lyapunov:
            let data = try? ExperimentData.load(spec)
            let initial = TrainingRun.initialParameters(spec) { data.map { ExperimentData.encode($0.train, $0.encoding) } ?? Matrix(rows: 1, cols: spec.neurons) }
            let r = LyapunovEstimate.largest(initial, temperature: h.lyapunov.temperature, dt: spec.sampling.dt,
                                             onsagerFeedback: spec.sampling.onsager, chains: h.lyapunov.chains,
                                             transient: h.lyapunov.transient, steps: h.lyapunov.steps, seed: seed)
            return ArmMeasurement(values: [.lyapunov: r.mean, .finalEnergy: r.finalEnergy], samplesPicture: nil,
                                  seconds: Date().timeIntervalSince(start))
        case .train:
            let data = try ExperimentData.load(spec)
            let train = ExperimentData.encode(data.train, data.encoding)
            let initial = TrainingRun.initialParameters(spec) { train }
            let (p, reports) = try arm.engine.train(spec, data: train, initial: initial)
            var values: [HypothesisMetric: Double] = [.mismatch: Double(reports.last?.mismatch ?? .nan)]
            let test = ExperimentData.encode(data.test, data.encoding)
            let energies = DenseDynamics(parameters: p, temperature: 1, dt: spec.training.dt).energies(of: test.transposed())
            values[.heldOutEnergy] = Double(energies.reduce(0, +)) / Double(max(energies.count, 1))
            var denoising = spec.denoising
            denoising.fractions = [0.2]
            values[.denoiseMSE] = Double(Denoiser.run(p, images: data.test, encoding: data.encoding, denoising, seed: seed)[0].result.mseAfter)
            var sampling = spec.sampling
            sampling.snapshots = []
            sampling.trajectoryChains = 0
            let states = Sampler.run(p, sampling, seed: seed).final          // N × chains
            if let picture { try Pictures.stateGrid(states, width: data.test.width, height: data.test.height, to: picture) }
            // Samples decoded to pixels by the data's encoding, against held-out and training pixels.
            let q = PaperExperiment.quality(samples: PaperExperiment.pixels(states, data.encoding), data: data, classifier: nil, copyMeasures: false)
            values[.aaiError] = q.aai
            values[.accT] = q.accT
            values[.secondMomentError] = q.secondMoment
            values[.memorisationRatio] = q.ratio
            return ArmMeasurement(values: values, samplesPicture: picture, seconds: Date().timeIntervalSince(start))
        }
    }
}
