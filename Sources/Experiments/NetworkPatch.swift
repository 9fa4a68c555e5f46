import FileFormats
import Foundation

/// A network file with some of its fields set from elsewhere (a hypothesis's arm, an experiment's sweep):
/// the baseline's JSON with every dotted path (`model.symmetric`) replaced, decoded and validated as usual.
public enum NetworkPatch {
    /// Reads the network file at `baseline`, sets `settings` (and the seed, when given) and decodes it.
    /// Errors in the settings name `file` (the file that asked for them) and the setting's path.
    public static func apply(_ settings: [(path: String, value: JSONValue)], to baseline: String, seed: UInt64? = nil,
                             from file: String) throws -> NetworkSpec {
        let bytes = try FileBytes.read(path: baseline)
        guard var object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            throw InputError(file: baseline, place: "top level", expected: "a JSON network file (named by \(file))")
        }
        for (field, value) in settings {
            try set(&object, path: field.split(separator: ".").map(String.init), value: value.foundation,
                    file: file, place: "set.\(field)")
        }
        if let seed { object["seed"] = NSNumber(value: seed) }
        return try NetworkSpec.decode(try JSONSerialization.data(withJSONObject: object), file: baseline)
    }

    static func set(_ object: inout [String: Any], path: [String], value: Any, file: String, place: String) throws {
        guard let key = path.first else { return }
        if path.count == 1 { object[key] = value; return }
        var inner: [String: Any]
        switch object[key] {
        case nil: inner = [:]
        case let o as [String: Any]: inner = o
        default: throw InputError(file: file, place: place, expected: "\"\(key)\" to be an object in the baseline network file")
        }
        try set(&inner, path: Array(path.dropFirst()), value: value, file: file, place: place)
        object[key] = inner
    }

    /// `path` relative to the directory of `file` if it exists there, else as given (relative to the
    /// current directory).
    public static func resolve(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return path }
        let relative = ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
        return FileManager.default.fileExists(atPath: relative) ? relative : path
    }
}
