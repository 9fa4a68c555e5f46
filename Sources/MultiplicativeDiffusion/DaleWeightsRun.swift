import Foundation

enum DaleWeightsRun {
    static func run(_ s: GBMRun.Settings, log: (String) -> Void) throws -> String { "" }
}
