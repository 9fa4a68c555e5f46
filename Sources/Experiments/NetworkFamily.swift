import FileFormats
import Foundation

/// The model family a network file describes (its top-level `"family"`, `"nlm"` when absent), so that
/// `nlm run` can hand the file to the family's own run.
public enum NetworkFamily: String, Sendable, CaseIterable {
    case nlm, hypothesis, experiment, rsn, gbm
    /// Binary Boltzmann machines trained by variational probability flow (`ProbabilityFlow.VPFRun`).
    case vpf

    /// Reads only the `family` field of the file at `path`.
    public static func of(path: String) throws -> NetworkFamily {
        let bytes = try FileBytes.read(path: path)
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            // Let the family's own decoder report the syntax error with its details.
            return .nlm
        }
        guard let raw = object["family"] else { return .nlm }
        guard let name = raw as? String, let family = NetworkFamily(rawValue: name) else {
            throw InputError(file: path, place: "family",
                             expected: "one of \(allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), found \(FieldReader.describe(raw))")
        }
        return family
    }
}
