import FileFormats
import Foundation

/// A hand-written command-line parser: positional arguments, `--name value` / `--name=value` options and
/// `--flag` switches, validated against what the command declares. Errors name the argument and what was
/// expected, with a did-you-mean for misspelt options.
public struct CommandArguments {
    public struct Option: Sendable {
        public var name: String
        public var valueName: String?
        public var help: String
        public var isFlag: Bool { valueName == nil }

        public init(_ name: String, _ valueName: String?, _ help: String) {
            self.name = name
            self.valueName = valueName
            self.help = help
        }
    }

    public private(set) var positional: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []
    let command: String
    public var commandName: String { command }

    /// Parses `arguments` (without the program and command names) for `command` with its declared options.
    public init(command: String, _ arguments: [String], options: [Option]) throws {
        self.command = command
        let byName = Dictionary(options.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                positional.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let eq = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let option = byName[name] else {
                let suggestion = options.map(\.name).min { FieldReader.editDistance($0, name) < FieldReader.editDistance($1, name) }
                let hint = suggestion.flatMap { FieldReader.editDistance($0, name) <= 3 ? " (did you mean --\($0)?)" : nil } ?? ""
                throw InputError(file: "nlm \(command)", place: "--\(name)",
                                 expected: "one of \(options.map { "--" + $0.name }.joined(separator: ", "))\(hint); see nlm \(command) --help")
            }
            if option.isFlag {
                if inlineValue != nil { throw InputError(file: "nlm \(command)", place: "--\(name)", expected: "no value (it is a switch)") }
                flags.insert(name)
            } else if let inlineValue {
                values[name] = inlineValue
            } else {
                guard i < arguments.count else {
                    throw InputError(file: "nlm \(command)", place: "--\(name)", expected: "a value \(option.valueName!) after it")
                }
                values[name] = arguments[i]
                i += 1
            }
        }
    }

    public func flag(_ name: String) -> Bool { flags.contains(name) }

    public func string(_ name: String) -> String? { values[name] }

    public func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw = values[name] else { return nil }
        guard let v = Int(raw), range.contains(v) else {
            throw InputError(file: "nlm \(command)", place: "--\(name)", expected: "a whole number from \(range.lowerBound) to \(range.upperBound), found \"\(raw)\"")
        }
        return v
    }

    public func float(_ name: String, in range: ClosedRange<Float>) throws -> Float? {
        guard let raw = values[name] else { return nil }
        guard let v = Float(raw), v.isFinite, range.contains(v) else {
            throw InputError(file: "nlm \(command)", place: "--\(name)", expected: "a number from \(range.lowerBound) to \(range.upperBound), found \"\(raw)\"")
        }
        return v
    }

    public func floats(_ name: String, in range: ClosedRange<Float>) throws -> [Float]? {
        guard let raw = values[name] else { return nil }
        let parts = raw.split(separator: ",").map { Float($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && $0!.isFinite && range.contains($0!) }) else {
            throw InputError(file: "nlm \(command)", place: "--\(name)",
                             expected: "comma-separated numbers from \(range.lowerBound) to \(range.upperBound), found \"\(raw)\"")
        }
        return parts.map { $0! }
    }

    public func seed() throws -> UInt64? {
        guard let raw = values["seed"] else { return nil }
        guard let v = UInt64(raw), v <= UInt64(Int32.max) else {
            throw InputError(file: "nlm \(command)", place: "--seed", expected: "a whole number from 0 to \(Int32.max), found \"\(raw)\"")
        }
        return v
    }

    /// Exactly `count` positional arguments, described by `names` for the error message.
    public func requirePositional(_ names: [String]) throws -> [String] {
        guard positional.count == names.count else {
            throw InputError(file: "nlm \(command)", place: "arguments",
                             expected: "\(names.map { "<\($0)>" }.joined(separator: " ")), found \(positional.isEmpty ? "nothing" : positional.joined(separator: " ")); see nlm \(command) --help")
        }
        return positional
    }

    /// The help text of a command.
    public static func help(command: String, usage: String, summary: String, options: [Option]) -> String {
        var text = "USAGE: nlm \(command) \(usage)\n\n\(summary)\n"
        if !options.isEmpty {
            text += "\nOPTIONS:\n"
            for o in options {
                let left = "  --\(o.name)" + (o.valueName.map { " <\($0)>" } ?? "")
                text += left.padding(toLength: max(left.count + 2, 28), withPad: " ", startingAt: 0) + o.help + "\n"
            }
        }
        return text
    }
}
