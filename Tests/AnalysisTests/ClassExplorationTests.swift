import Analysis
import DenseKernels
import XCTest

final class ClassExplorationTests: XCTestCase {
    /// A hand-built label sequence: 3 3 3 _ 6 6 1 1 1 1 6 → visits 3:1 (dwell 3), 6:2 (dwell 2 and 1), 1:1 (dwell 4),
    /// transitions 3→6, 6→1, 1→6 (the unlabelled frame is skipped).
    func testExplorationCountsDwellsAndTransitions() {
        let e = ClassExploration.analyse(labels: [3, 3, 3, nil, 6, 6, 1, 1, 1, 1, 6])
        XCTAssertEqual(e.visits[3], 1); XCTAssertEqual(e.meanDwell[3], 3)
        XCTAssertEqual(e.visits[6], 2); XCTAssertEqual(e.meanDwell[6], 1.5)
        XCTAssertEqual(e.visits[1], 1); XCTAssertEqual(e.meanDwell[1], 4)
        XCTAssertEqual(e.transitions[3][6], 1); XCTAssertEqual(e.transitions[6][1], 1); XCTAssertEqual(e.transitions[1][6], 1)
        XCTAssertEqual(e.switches, 3)
        XCTAssertEqual(e.visitedClasses, [1, 3, 6])
        XCTAssertEqual(e.labelledFrames, 10)
        XCTAssertEqual(e.dwellTimes[6].count, 2)
    }

    /// Empty and single-class trajectories: no visits / one visit and no switches.
    func testDegenerateTrajectories() {
        let empty = ClassExploration.analyse(labels: [nil, nil])
        XCTAssertEqual(empty.switches, 0); XCTAssertEqual(empty.visitedClasses, [])
        let one = ClassExploration.analyse(labels: [7, nil, 7, 7])
        XCTAssertEqual(one.visits[7], 1); XCTAssertEqual(one.meanDwell[7], 3); XCTAssertEqual(one.switches, 0)
    }

    /// Frames labelled from probabilities: the most probable class when its probability reaches the
    /// threshold 0.9, else unlabelled; rows (0.95 → 2), (0.5/0.5 → nil), (0.9 exactly → 2), (0.97 → 4) give
    /// one transition 2 → 4 with a dwell of 2 frames in class 2.
    func testLabelsFromProbabilitiesUseTheThreshold() {
        var p = Matrix(rows: 4, cols: 10)
        p[0, 2] = 0.95; p[0, 1] = 0.05
        p[1, 2] = 0.5; p[1, 4] = 0.5
        p[2, 2] = 0.9; p[2, 0] = 0.1
        p[3, 4] = 0.97; p[3, 9] = 0.03
        XCTAssertEqual(ClassExploration.labels(probabilities: p), [2, nil, 2, 4])
        let e = ClassExploration.analyse(probabilities: p)
        XCTAssertEqual(e.transitions[2][4], 1); XCTAssertEqual(e.meanDwell[2], 2); XCTAssertEqual(e.switches, 1)
    }
}
