import DenseKernels
import XCTest

final class RowVectorTests: XCTestCase {
    /// Broadcasting a row vector adds it to every row; its adjoint sums each column over the rows.
    func testAddToEachRowAndColumnSums() {
        var m = Matrix(rows: 3, cols: 2, storage: [1, 2, 3, 4, 5, 6])
        m.addToEachRow([10, -1])
        XCTAssertEqual(m.storage, [11, 1, 13, 3, 15, 5])
        XCTAssertEqual(m.columnSums(), [39, 9])
        XCTAssertEqual(Matrix(rows: 0, cols: 2).columnSums(), [0, 0])
    }
}
