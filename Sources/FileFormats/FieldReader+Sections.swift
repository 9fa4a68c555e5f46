import Foundation

/// Sections every kind of network file shares, read the same way everywhere.
extension FieldReader {
    /// `outputs.directory` (fallback when absent); any other key in `outputs` is an error.
    public mutating func outputDirectory(_ fallback: String) throws -> String {
        var outputs = try object("outputs")
        let directory = try outputs.string("directory", fallback)
        try outputs.rejectUnknownKeys()
        return directory
    }

    /// The `test` section of a file that ends in a permutation test: `permutations` (fallback when absent,
    /// at least 10) and the level `alpha` in (0, 0.5] (0.05 when absent). Without a fallback the file may not
    /// set `permutations` (its test has none).
    public mutating func permutationTest(permutations fallback: Int?) throws -> (permutations: Int, alpha: Double) {
        var test = try object("test")
        let permutations = try fallback.map { try test.int("permutations", $0, in: 10...10_000_000) } ?? 0
        let alpha = try test.double("alpha", 0.05, in: 1e-6...0.5, "α in (0, 0.5]")
        try test.rejectUnknownKeys()
        return (permutations, alpha)
    }
}
