import XCTest
final class MultiplicativeDiffusionPlaceholderTests: XCTestCase { func testModuleBuilds() { XCTAssertTrue(true) } }
