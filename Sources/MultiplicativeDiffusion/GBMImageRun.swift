import Foundation

enum GBMImageRun {
    static func run(_ s: GBMRun.Settings, file: String, quiet: Bool, log: (String) -> Void) throws -> String { "" }
}
