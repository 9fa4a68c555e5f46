import FileFormats
import Foundation
import XCTest

/// CSV output: RFC 4180 quoting and exact number round trips, checked against Python's csv module.
final class CSVTests: XCTestCase {
    func testQuotingFollowsRFC4180() {
        XCTAssertEqual(CSVTable.quoted("plain"), "plain")
        XCTAssertEqual(CSVTable.quoted("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVTable.quoted("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVTable.quoted("two\nlines"), "\"two\nlines\"")
        XCTAssertEqual(CSVTable.quoted(" padded"), "\" padded\"")
        XCTAssertEqual(CSVTable.line(["x", "", "y,z"]), "x,,\"y,z\"")
    }

    func testNumbersRoundTripExactly() {
        for v in [0.1, -2.5e-300, 1.0 / 3, 123456789012.0, 1e300, 42, -0.5] {
            XCTAssertEqual(Double(CSVTable.number(v)), v, "\(v)")
        }
        XCTAssertEqual(CSVTable.number(3), "3")
        XCTAssertEqual([CSVTable.number(.nan), CSVTable.number(.infinity), CSVTable.number(-.infinity)], ["nan", "inf", "-inf"])
    }

    func testTableTextAndPythonCSVReadsItBack() throws {
        var table = CSVTable(header: ["step", "name, with comma", "energy"])
        table.addRow(["0", "a \"quoted\" word", "-1.5"])
        table.addRow(["1", "multi\nline", CSVTable.number(0.1)])
        XCTAssertEqual(table.text, "step,\"name, with comma\",energy\n0,\"a \"\"quoted\"\" word\",-1.5\n1,\"multi\nline\",0.1\n")
        var numeric = CSVTable(header: ["t", "x"])
        numeric.addRow([0.25, 1e-5])
        XCTAssertEqual(numeric.text, "t,x\n0.25,1e-05\n")
        guard let python = PythonRunner.find() else { throw XCTSkip("python3 not available") }
        let dir = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try table.write(to: dir + "/t.csv")
        let out = try python.run("import csv,sys,json; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='')))))",
                                 arguments: [dir + "/t.csv"])
        let rows = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String]]
        XCTAssertEqual(rows, [table.header] + table.rows)
    }
}
