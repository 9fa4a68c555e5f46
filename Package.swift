// swift-tools-version:6.0
// NeuralLangevin: a simulator in which every neuron is an agent, with dense SIMD fast paths.
//
// Build flags. Swift's SIMD types are only fast when LLVM knows the target CPU: without one, every
// `addingProduct` lane becomes a call to `fmaf` and GEMM runs ~100x slower. Every numeric target is
// therefore compiled with `-target-cpu native` (the machine that builds is the machine that runs; the
// kernels pick AVX-512 or AVX2/NEON tiles at run time) and `-fno-math-errno` for the Clang importer, so
// that `squareRoot()` becomes a vector instruction instead of a branch to libm. Set the environment
// variable NLM_PORTABLE=1 to build for the baseline CPU instead (slow but runs anywhere).
import PackageDescription
import Foundation

let portable = ProcessInfo.processInfo.environment["NLM_PORTABLE"] == "1"
let cpuFlags: [String] = portable ? ["-Xcc", "-fno-math-errno"]
                                  : ["-target-cpu", "native", "-Xcc", "-fno-math-errno"]
let numeric: [SwiftSetting] = [.unsafeFlags(cpuFlags)]

let package = Package(
    name: "NeuralLangevin",
    products: [
        .executable(name: "nlm", targets: ["nlm"]),
        .library(name: "LangevinMachine", targets: ["LangevinMachine"]),
    ],
    targets: [
        // MARK: - Numerics (no dependencies)
        .target(name: "DenseKernels", swiftSettings: numeric),
        .target(name: "LinearAlgebra", swiftSettings: numeric),
        // MARK: - Files and data
        .target(name: "FileFormats", swiftSettings: numeric),
        .target(name: "Datasets", dependencies: ["DenseKernels", "FileFormats"], swiftSettings: numeric),
        // MARK: - Learning and statistics
        .target(name: "Optimization", dependencies: ["DenseKernels"], swiftSettings: numeric),
        .target(name: "Statistics", dependencies: ["DenseKernels"], swiftSettings: numeric),
        // MARK: - Models
        .target(name: "LangevinMachine", dependencies: ["DenseKernels", "Optimization"], swiftSettings: numeric),
        // MARK: - The event-driven engine and analysis
        .target(name: "NeuralAgents", dependencies: ["DenseKernels", "LangevinMachine"], swiftSettings: numeric),
        .target(name: "FixedPoints", dependencies: ["DenseKernels", "LangevinMachine", "LinearAlgebra"],
                swiftSettings: numeric),
        // MARK: - Measurements of generative models (nearest neighbours, AAI, classifier, PCA, exploration)
        .target(name: "Analysis",
                dependencies: ["DenseKernels", "LinearAlgebra", "FileFormats", "Datasets", "Optimization", "Statistics"],
                swiftSettings: numeric),
        // MARK: - Reservoir-sampler networks (Chen et al. 2023)
        .target(name: "ReservoirSampling",
                dependencies: ["DenseKernels", "LinearAlgebra", "FileFormats", "Datasets", "Optimization", "Statistics", "NeuralAgents", "Analysis"],
                swiftSettings: numeric),
        // MARK: - Binary Boltzmann machines trained by (variational) probability flow (Liu, Quek & Lin 2018)
        .target(name: "ProbabilityFlow",
                dependencies: ["DenseKernels", "FileFormats", "Datasets", "LangevinMachine", "NeuralAgents", "Optimization", "Statistics"],
                swiftSettings: numeric),
        // MARK: - Multiplicative (geometric Brownian motion) score-based sampling (Shetty et al. 2025)
        .target(name: "MultiplicativeDiffusion",
                dependencies: ["DenseKernels", "FileFormats", "Datasets", "Optimization", "Statistics", "NeuralAgents", "Analysis"],
                swiftSettings: numeric),
        // MARK: - Runs, network files and the command line
        .target(name: "Experiments",
                dependencies: ["DenseKernels", "FileFormats", "Datasets", "LangevinMachine", "LinearAlgebra",
                               "NeuralAgents", "FixedPoints", "Optimization", "Statistics", "Analysis", "ReservoirSampling",
                               "ProbabilityFlow", "MultiplicativeDiffusion"],
                swiftSettings: numeric),
        .executableTarget(name: "nlm", dependencies: ["Experiments"], swiftSettings: numeric),
        // MARK: - Tests
        // Seeded test inputs, repository paths, temporary directories and InputError assertions, once for all test targets.
        .target(name: "TestSupport", dependencies: ["FileFormats"], path: "Tests/TestSupport", swiftSettings: numeric),
        .testTarget(name: "DenseKernelsTests", dependencies: ["DenseKernels"], swiftSettings: numeric),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["TestSupport", "LinearAlgebra"], swiftSettings: numeric),
        .testTarget(name: "FileFormatsTests", dependencies: ["TestSupport", "FileFormats"], swiftSettings: numeric),
        .testTarget(name: "DatasetsTests", dependencies: ["TestSupport", "Datasets"], swiftSettings: numeric),
        .testTarget(name: "LangevinMachineTests", dependencies: ["LangevinMachine", "DenseKernels"],
                    swiftSettings: numeric),
        .testTarget(name: "NeuralAgentsTests", dependencies: ["NeuralAgents", "LangevinMachine", "DenseKernels"],
                    swiftSettings: numeric),
        .testTarget(name: "FixedPointsTests", dependencies: ["FixedPoints", "LangevinMachine", "DenseKernels", "LinearAlgebra"],
                    swiftSettings: numeric),
        .testTarget(name: "OptimizationTests", dependencies: ["Optimization"], swiftSettings: numeric),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics", "DenseKernels"], swiftSettings: numeric),
        .testTarget(name: "AnalysisTests", dependencies: ["TestSupport", "Analysis", "DenseKernels", "Datasets", "LinearAlgebra"],
                    swiftSettings: numeric),
        .testTarget(name: "ReservoirSamplingTests",
                    dependencies: ["TestSupport", "ReservoirSampling", "Datasets", "DenseKernels", "LinearAlgebra", "Optimization", "Statistics"],
                    swiftSettings: numeric),
        .testTarget(name: "ProbabilityFlowTests",
                    dependencies: ["TestSupport", "ProbabilityFlow", "DenseKernels", "NeuralAgents", "Optimization", "Statistics"],
                    swiftSettings: numeric),
        .testTarget(name: "MultiplicativeDiffusionTests",
                    dependencies: ["MultiplicativeDiffusion", "DenseKernels", "Optimization", "Statistics"],
                    swiftSettings: numeric),
        .testTarget(name: "ExperimentsTests",
                    dependencies: ["TestSupport", "Experiments", "LangevinMachine", "DenseKernels", "FileFormats", "ReservoirSampling",
                                   "ProbabilityFlow", "MultiplicativeDiffusion"],
                    swiftSettings: numeric),
    ]
)
