import DenseKernels

/// Dwell times and transitions between digit classes along one trajectory ("continuous exploration" in the
/// NLM paper: a single Langevin chain keeps moving from one digit type to another).
///
/// A trajectory is a sequence of frames, each labelled with a class or with nil (no confident class). Frames
/// labelled nil are skipped, so a chain passing through unrecognisable states between a 3 and a 6 counts as
/// one transition 3 → 6, and a 3 interrupted by blurred frames remains one visit of 3. A *visit* is a maximal
/// run of one class among the labelled frames; its dwell time is the number of labelled frames in the run
/// (multiply by the frame interval to get time).
public struct ClassExploration: Sendable, Equatable {
    /// Mean number of consecutive labelled frames spent in a class per visit (per class; 0 if never visited).
    public var meanDwell: [Double]
    /// Number of visits (maximal runs) of each class.
    public var visits: [Int]
    /// transitions[a][b]: number of times the trajectory moved from class a to class b ≠ a.
    public var transitions: [[Int]]
    /// Classes visited at least once, ascending.
    public var visitedClasses: [Int]
    /// Number of labelled frames (those with a confident class).
    public var labelledFrames: Int
    /// Total number of class changes, Σ_ab transitions[a][b] = Σ_c visits[c] − 1 (0 for an empty trajectory).
    public var switches: Int { transitions.joined().reduce(0, +) }

    /// Per class: (mean dwell in frames, number of visits).
    public var dwellTimes: [(mean: Double, count: Int)] { zip(meanDwell, visits).map { ($0, $1) } }

    /// Analyses a sequence of frame labels in 0..<classes (nil = unlabelled, skipped). O(T + classes²).
    public static func analyse(labels: [Int?], classes: Int = 10) -> ClassExploration {
        var dwellSums = [Int](repeating: 0, count: classes), visits = [Int](repeating: 0, count: classes)
        var transitions = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        var current: Int? = nil, run = 0, labelled = 0
        for label in labels {
            guard let label else { continue }
            precondition((0..<classes).contains(label), "label \(label) outside 0..<\(classes)")
            labelled += 1
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
                                visitedClasses: (0..<classes).filter { visits[$0] > 0 }, labelledFrames: labelled)
    }

    /// The labels of frames from their class probabilities (T × classes, e.g. `DigitClassifier.probabilities`
    /// of the frames as pixels in [0, 1]): the most probable class if its probability is ≥ `threshold`, else nil.
    public static func labels(probabilities p: Matrix, threshold: Float = 0.9) -> [Int?] {
        (0..<p.rows).map { r in
            var best = 0
            for k in 1..<p.cols where p[r, k] > p[r, best] { best = k }
            return p[r, best] >= threshold ? best : nil
        }
    }

    /// ``analyse(labels:classes:)`` of the frames' confident labels (``labels(probabilities:threshold:)``).
    public static func analyse(probabilities: Matrix, threshold: Float = 0.9) -> ClassExploration {
        analyse(labels: labels(probabilities: probabilities, threshold: threshold), classes: probabilities.cols)
    }
}
