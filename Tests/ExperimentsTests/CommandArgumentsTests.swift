import XCTest
import Experiments
import FileFormats

final class CommandArgumentsTests: XCTestCase {
    let options: [CommandArguments.Option] = [.init("out", "DIR", "output"), .init("seed", "S", "seed"),
                                              .init("resume", nil, "resume"), .init("temperature", "T", "T")]

    func testParsesPositionalOptionsAndFlags() throws {
        let a = try CommandArguments(command: "run", ["net.json", "--out", "o", "--seed=7", "--resume"], options: options)
        XCTAssertEqual(a.positional, ["net.json"])
        XCTAssertEqual(a.string("out"), "o")
        XCTAssertEqual(try a.seed(), 7)
        XCTAssertTrue(a.flag("resume"))
    }

    func testUnknownOptionSuggestsClosest() {
        XCTAssertThrowsError(try CommandArguments(command: "run", ["--sed", "3"], options: options)) { error in
            XCTAssertTrue("\(error)".contains("did you mean --seed?"), "\(error)")
        }
    }

    func testBadValuesAreRejectedWithExpectation() throws {
        let a = try CommandArguments(command: "sample", ["--temperature", "-2", "--seed", "x"], options: options)
        XCTAssertThrowsError(try a.float("temperature", in: 0...1000)) { XCTAssertTrue("\($0)".contains("--temperature")) }
        XCTAssertThrowsError(try a.seed()) { XCTAssertTrue("\($0)".contains("whole number")) }
        XCTAssertThrowsError(try CommandArguments(command: "run", ["--out"], options: options)) {
            XCTAssertTrue("\($0)".contains("a value DIR"))
        }
        XCTAssertThrowsError(try a.requirePositional(["network.json"])) { XCTAssertTrue("\($0)".contains("<network.json>")) }
    }
}
