import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, seedable, well-mixed 64-bit generator, so that random
/// test inputs are repeatable. Test data only: the simulator's own randomness is `RandomStream` (Philox).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on (0, 1): the top 53 bits, centred in their cell.
    public mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) * 0x1p-53 }

    /// A standard normal deviate by Box–Muller: √(−2 log u) cos(2πv).
    public mutating func normal() -> Double {
        let u = uniform(), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
