import XCTest
final class StatisticsPlaceholderTests: XCTestCase { func testModuleBuilds() { XCTAssertTrue(true) } }
