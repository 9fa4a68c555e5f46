import FileFormats
import XCTest

/// Asserts that `body` throws an `InputError` whose description contains every fragment.
public func assertInputError<T>(_ body: @autoclosure () throws -> T, contains fragments: [String],
                                file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an InputError containing \(fragments)", file: file, line: line)
    } catch let error as InputError {
        let text = error.description
        for f in fragments {
            XCTAssertTrue(text.contains(f), "\"\(text)\" does not contain \"\(f)\"", file: file, line: line)
        }
    } catch {
        XCTFail("expected an InputError, got \(error)", file: file, line: line)
    }
}
