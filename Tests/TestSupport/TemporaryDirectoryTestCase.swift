import Foundation
import XCTest

/// A test case with a fresh empty directory for each test, removed afterwards.
open class TemporaryDirectoryTestCase: XCTestCase {
    /// The directory of the running test.
    public var directory: String!

    open override func setUpWithError() throws {
        directory = try Self.makeTemporaryDirectory()
    }

    open override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// `<directory>/<name>`.
    public func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// A fresh empty directory under the system's temporary folder.
    public static func makeTemporaryDirectory() throws -> String {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("nlm-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
