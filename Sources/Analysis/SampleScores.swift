import DenseKernels
import Foundation

/// What a digit classifier says about a set of generated images (pixels in [0, 1], one per row).
public struct SampleScores: Sendable {
    /// Share of samples whose most probable class has probability ≥ 0.9.
    public var recognisability: Double
    /// Share of samples assigned to each class 0…9 (by the most probable class).
    public var classShares: [Double]
    /// Entropy of `classShares` in bits over the classes that the reference set contains, divided by its
    /// maximum log₂(#classes): 1 = perfectly balanced, 0 = one class only.
    public var balance: Double
    /// Fréchet distance between the classifier's hidden features of the samples and of the reference images.
    public var frechetDistance: Double

    public static func evaluate(samples: Matrix, classifier: DigitClassifier, reference: Matrix) throws -> SampleScores {
        let p = classifier.probabilities(samples)
        var shares = [Double](repeating: 0, count: DigitClassifier.classes)
        var confident = 0
        for r in 0..<p.rows {
            let best = (0..<DigitClassifier.classes).max { p[r, $0] < p[r, $1] }!
            shares[best] += 1
            if p[r, best] >= 0.9 { confident += 1 }
        }
        shares = shares.map { $0 / Double(max(p.rows, 1)) }
        let present = Set(classifier.predict(reference))
        let entropy = present.reduce(0.0) { s, k in shares[k] > 0 ? s - shares[k] * log2(shares[k]) : s }
        let balance = present.count > 1 ? entropy / log2(Double(present.count)) : 1
        let fd = try FrechetDistance.between(classifier.features(samples), classifier.features(reference))
        return SampleScores(recognisability: Double(confident) / Double(max(p.rows, 1)), classShares: shares,
                            balance: balance, frechetDistance: fd)
    }
}

/// Dwell times and transitions between digit classes along one trajectory ("continuous exploration").
public struct ClassExploration: Sendable, Equatable {
    /// Mean number of consecutive frames spent in a class before leaving it (per class; 0 if never visited).
    public var meanDwell: [Double]
    /// Number of visits (maximal runs) of each class.
    public var visits: [Int]
    /// transitions[a][b]: number of times the trajectory moved from class a to class b ≠ a.
    public var transitions: [[Int]]
    /// Classes visited at least once.
    public var visitedClasses: [Int]
    public var switches: Int { transitions.joined().reduce(0, +) }

    /// Analyses a sequence of frame labels; frames labelled nil (no confident class) are skipped, so a
    /// trajectory passing through unrecognisable states between two digits counts as one transition.
    public static func analyse(labels: [Int?], classes: Int = 10) -> ClassExploration {
        var dwellSums = [Int](repeating: 0, count: classes), visits = [Int](repeating: 0, count: classes)
        var transitions = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        var current: Int? = nil, run = 0
        for label in labels {
            guard let label else { continue }
            if label == current { run += 1; continue }
            if let c = current {
                dwellSums[c] += run; visits[c] += 1
                transitions[c][label] += 1
            }
            current = label; run = 1
        }
        if let c = current { dwellSums[c] += run; visits[c] += 1 }
        let mean = (0..<classes).map { visits[$0] > 0 ? Double(dwellSums[$0]) / Double(visits[$0]) : 0 }
        return ClassExploration(meanDwell: mean, visits: visits, transitions: transitions,
                                visitedClasses: (0..<classes).filter { visits[$0] > 0 })
    }
}
