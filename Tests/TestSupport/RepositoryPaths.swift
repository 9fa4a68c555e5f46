import Foundation
import XCTest

/// Places in the checkout, found from this source file (symlinks resolved): the repository root, its
/// `Networks/` folder and the shared MNIST files at `<root>/../shared/data/mnist` (or `$NLM_MNIST_DIR`).
public enum RepositoryPaths {
    /// The repository root (the folder holding Package.swift).
    public static let root: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `<root>/Networks`.
    public static var networks: String { root.appendingPathComponent("Networks").path }

    /// The MNIST directory: `$NLM_MNIST_DIR` when set, else `<root>/../shared/data/mnist`.
    public static var mnist: String {
        if let path = ProcessInfo.processInfo.environment["NLM_MNIST_DIR"] { return path }
        return root.deletingLastPathComponent().appendingPathComponent("shared/data/mnist").path
    }

    /// The MNIST directory, or an `XCTSkip` naming where it was looked for when it does not exist.
    public static func requireMNIST() throws -> String {
        guard FileManager.default.fileExists(atPath: mnist) else {
            throw XCTSkip("MNIST not found at \(mnist); set NLM_MNIST_DIR")
        }
        return mnist
    }
}
