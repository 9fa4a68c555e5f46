import XCTest
final class ReservoirSamplingPlaceholderTests: XCTestCase { func testModuleBuilds() { XCTAssertTrue(true) } }
