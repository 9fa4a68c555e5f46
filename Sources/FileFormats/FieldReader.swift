import Foundation

/// Reads one JSON object of a user's file field by field, so that every mistake is reported with the file,
/// the field's path (`training.dt`) and what was expected. Keys that no field asked for are reported as
/// unknown, with the closest known key as a suggestion.
public struct FieldReader {
    public let file: String
    public let path: String
    let object: [String: Any]
    private(set) var known: Set<String> = []

    public init(file: String, path: String, object: [String: Any]) {
        self.file = file
        self.path = path
        self.object = object
    }

    /// Parses `bytes` as a JSON object; syntax errors name the file and (where Foundation says) the line.
    public static func parse(_ bytes: Data, file: String) throws -> FieldReader {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: bytes, options: [])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw InputError(file: file, place: "JSON syntax", expected: "valid JSON (\(detail))")
        }
        guard let object = value as? [String: Any] else {
            throw InputError(file: file, place: "top level", expected: "a JSON object { … }")
        }
        return FieldReader(file: file, path: "", object: object)
    }

    public func place(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public func error(_ key: String, _ expected: String, found: Any?) -> InputError {
        InputError(file: file, place: place(key), expected: expected + (found.map { ", found \(Self.describe($0))" } ?? ""))
    }

    public static func describe(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case let s as String: return "\"\(s)\""
        case let n as NSNumber where isBool(n): return n.boolValue ? "true" : "false"
        case let n as NSNumber: return n.stringValue
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "\(value)"
        }
    }

    /// Whether a decoded JSON value is `true`/`false` (Foundation decodes booleans as NSNumbers of type "c").
    static func isBool(_ value: Any) -> Bool {
        guard let n = value as? NSNumber else { return false }
        return String(cString: n.objCType) == "c"
    }

    /// The integer a JSON number holds exactly, or nil (fractions, NaN, values outside `Int`). Integer literals
    /// are read as integers, so 2^63 − 1 is exact; others go through `Int(exactly:)`, never `Int(_:)`, which
    /// would trap on 2^63 (what 2^63 − 1 rounds to as a Double).
    static func exactInt(_ n: NSNumber) -> Int? {
        switch String(cString: n.objCType) {
        case "q", "l", "i", "s": return Int(exactly: n.int64Value)
        case "Q", "L", "I", "S", "C": return Int(exactly: n.uint64Value)
        default: return Int(exactly: n.doubleValue)
        }
    }

    public func has(_ key: String) -> Bool { object[key] != nil && !(object[key] is NSNull) }

    /// A number within `range`, or `fallback` when absent (a missing field without fallback is an error).
    public mutating func double(_ key: String, _ fallback: Double? = nil,
                                in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude,
                                _ meaning: String = "a number") throws -> Double {
        known.insert(key)
        guard let raw = object[key], !(raw is NSNull) else {
            if let fallback { return fallback }
            throw error(key, "\(meaning) (the field is missing)", found: nil)
        }
        guard let n = raw as? NSNumber, !Self.isBool(raw) else { throw error(key, meaning, found: raw) }
        let v = n.doubleValue
        guard v.isFinite, range.contains(v) else { throw error(key, meaning, found: raw) }
        return v
    }

    public mutating func float(_ key: String, _ fallback: Float? = nil,
                               in range: ClosedRange<Double> = -Double(Float.greatestFiniteMagnitude)...Double(Float.greatestFiniteMagnitude),
                               _ meaning: String = "a number") throws -> Float {
        Float(try double(key, fallback.map(Double.init), in: range, meaning))
    }

    public mutating func positive(_ key: String, _ fallback: Float? = nil) throws -> Float {
        let v = try float(key, fallback, in: 0...Double(Float.greatestFiniteMagnitude), "a positive number")
        if v <= 0 { throw error(key, "a positive number", found: NSNumber(value: v)) }
        return v
    }

    public mutating func int(_ key: String, _ fallback: Int? = nil, in range: ClosedRange<Int> = 0...Int(Int32.max),
                             _ meaning: String? = nil) throws -> Int {
        let what = meaning ?? "a whole number from \(range.lowerBound) to \(range.upperBound)"
        known.insert(key)
        guard let raw = object[key], !(raw is NSNull) else {
            if let fallback { return fallback }
            throw error(key, "\(what) (the field is missing)", found: nil)
        }
        guard let n = raw as? NSNumber, !Self.isBool(raw) else { throw error(key, what, found: raw) }
        guard let v = Self.exactInt(n), range.contains(v) else { throw error(key, what, found: raw) }
        return v
    }

    public mutating func bool(_ key: String, _ fallback: Bool? = nil) throws -> Bool {
        known.insert(key)
        guard let raw = object[key], !(raw is NSNull) else {
            if let fallback { return fallback }
            throw error(key, "true or false (the field is missing)", found: nil)
        }
        guard Self.isBool(raw), let n = raw as? NSNumber else { throw error(key, "true or false", found: raw) }
        return n.boolValue
    }

    public mutating func string(_ key: String, _ fallback: String? = nil, oneOf choices: [String]? = nil) throws -> String {
        known.insert(key)
        let what = choices.map { "one of " + $0.map { "\"\($0)\"" }.joined(separator: ", ") } ?? "a string"
        guard let raw = object[key], !(raw is NSNull) else {
            if let fallback { return fallback }
            throw error(key, "\(what) (the field is missing)", found: nil)
        }
        guard let s = raw as? String, choices?.contains(s) ?? true else { throw error(key, what, found: raw) }
        return s
    }

    public mutating func ints(_ key: String, _ fallback: [Int]? = nil, in range: ClosedRange<Int>) throws -> [Int] {
        known.insert(key)
        let what = "an array of whole numbers from \(range.lowerBound) to \(range.upperBound)"
        guard let raw = object[key], !(raw is NSNull) else {
            if let fallback { return fallback }
            throw error(key, "\(what) (the field is missing)", found: nil)
        }
        guard let array = raw as? [Any] else { throw error(key, what, found: raw) }
        return try array.enumerated().map { index, element in
            guard let n = element as? NSNumber, !Self.isBool(element), n.doubleValue.rounded() == n.doubleValue,
                  range.contains(Int(exactly: n.doubleValue) ?? Int.min) else {
                throw InputError(file: file, place: "\(place(key))[\(index)]", expected: "a whole number from \(range.lowerBound) to \(range.upperBound), found \(Self.describe(element))")
            }
            return n.intValue
        }
    }

    public mutating func floats(_ key: String, _ fallback: [Float]? = nil, in range: ClosedRange<Double>) throws -> [Float] {
        known.insert(key)
        let what = "an array of numbers from \(range.lowerBound) to \(range.upperBound)"
        guard let raw = object[key], !(raw is NSNull) else {
            if let fallback { return fallback }
            throw error(key, "\(what) (the field is missing)", found: nil)
        }
        guard let array = raw as? [Any] else { throw error(key, what, found: raw) }
        return try array.enumerated().map { index, element in
            guard let n = element as? NSNumber, !Self.isBool(element), n.doubleValue.isFinite, range.contains(n.doubleValue) else {
                throw InputError(file: file, place: "\(place(key))[\(index)]", expected: "a number from \(range.lowerBound) to \(range.upperBound), found \(Self.describe(element))")
            }
            return n.floatValue
        }
    }

    /// The nested object `key` (an empty one when absent and `optional`).
    public mutating func object(_ key: String, optional: Bool = true) throws -> FieldReader {
        known.insert(key)
        guard let raw = object[key], !(raw is NSNull) else {
            if optional { return FieldReader(file: file, path: place(key), object: [:]) }
            throw error(key, "an object { … } (the field is missing)", found: nil)
        }
        guard let nested = raw as? [String: Any] else { throw error(key, "an object { … }", found: raw) }
        return FieldReader(file: file, path: place(key), object: nested)
    }

    /// Throws for the first key (in sorted order) that no accessor asked for, suggesting the closest known key.
    public func rejectUnknownKeys() throws {
        for key in object.keys.sorted() where !known.contains(key) {
            let suggestion = known.min { Self.editDistance($0, key) < Self.editDistance($1, key) }
            let hint = suggestion.flatMap { Self.editDistance($0, key) <= max(2, key.count / 3) ? " (did you mean \"\($0)\"?)" : nil } ?? ""
            throw InputError(file: file, place: place(key),
                             expected: "one of the known fields \(known.sorted().joined(separator: ", ")); \"\(key)\" is unknown\(hint)")
        }
    }

    /// Levenshtein distance, for suggestions.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension FieldReader {
    /// An array of objects (empty when absent).
    public mutating func objects(_ key: String) throws -> [FieldReader] {
        known.insert(key)
        guard let raw = object[key], !(raw is NSNull) else { return [] }
        guard let array = raw as? [Any] else { throw error(key, "an array of objects", found: raw) }
        return try array.enumerated().map { index, element in
            guard let nested = element as? [String: Any] else {
                throw InputError(file: file, place: "\(place(key))[\(index)]", expected: "an object { … }, found \(Self.describe(element))")
            }
            return FieldReader(file: file, path: "\(place(key))[\(index)]", object: nested)
        }
    }

    /// Keys no accessor has asked for yet (for files that may carry extra, free-form fields).
    public var unreadKeys: [String] { object.keys.filter { !known.contains($0) }.sorted() }

    /// The raw JSON value of `key`.
    public func raw(_ key: String) -> Any? { object[key] }
}
