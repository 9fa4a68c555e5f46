/// Why a fixed-point computation refused its input.
public enum FixedPointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Shapes disagree or an entry is not finite; the message names the argument and what was expected.
    case invalidInput(String)
    /// The requested flow cannot be simulated for this network (e.g. the NLM's dense dynamics only know φ = tanh).
    case unsupported(String)

    public var description: String {
        switch self {
        case let .invalidInput(message): return "fixed points: \(message)"
        case let .unsupported(message): return "fixed points: unsupported: \(message)"
        }
    }
}
