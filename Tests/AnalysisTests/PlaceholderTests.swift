import XCTest
final class AnalysisPlaceholderTests: XCTestCase { func testModuleBuilds() { XCTAssertTrue(true) } }
