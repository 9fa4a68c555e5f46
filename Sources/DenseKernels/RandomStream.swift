/// Counter-based random numbers: every value is a pure function of `(seed, stream, index)`.
///
/// The generator is Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011).
/// A block of four 32-bit words is
///
///     Philox(counter: (m mod 2^32, m / 2^32, stream mod 2^32, stream / 2^32), key: (seed mod 2^32, seed / 2^32))
///
/// and value `index` of a stream is lane `index % 4` of block `m = index / 4`. Because nothing is carried from
/// one value to the next, results do not depend on thread count or on the order in which neurons or chains
/// are processed: the dense path fills a whole row of noise at once, and a neuron agent asks for its own
/// single value, and both get the same number.
public struct RandomStream: Sendable, Hashable {
    public let seed: UInt64
    public let stream: UInt64

    @inlinable public init(seed: UInt64, stream: UInt64) {
        self.seed = seed
        self.stream = stream
    }

    /// The four words of block `m`.
    @inlinable @inline(__always)
    public func block(_ m: UInt64) -> SIMD4<UInt32> {
        Philox4x32.block(counter: SIMD4(UInt32(truncatingIfNeeded: m), UInt32(truncatingIfNeeded: m >> 32),
                                        UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32)),
                         key: SIMD2(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32)))
    }

    /// Raw 32-bit value number `index`.
    @inlinable public func bits(_ index: UInt64) -> UInt32 {
        block(index >> 2)[Int(index & 3)]
    }

    /// An integer in 0..<n from raw value number `index`: ⌊bits · n / 2^32⌋ (Lemire's multiply-shift; the
    /// bias from 32-bit resolution is below n / 2^32).
    @inlinable public func index(_ index: UInt64, below n: Int) -> Int {
        Int((UInt64(bits(index)) &* UInt64(n)) >> 32)
    }

    /// A uniformly random permutation of 0..<count, a pure function of the stream: Fisher–Yates from the top,
    /// swapping i with `index(i, below: i + 1)` for i = count − 1 … 1.
    public func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        var i = count - 1
        while i > 0 {
            order.swapAt(i, index(UInt64(i), below: i + 1))
            i -= 1
        }
        return order
    }

    /// Uniform value number `index` in the open interval (0, 1): `(bits >> 8 + 0.5) · 2^-24`.
    @inlinable public func uniform(_ index: UInt64) -> Float {
        Philox4x32.uniform(bits(index))
    }
}

/// The Philox4x32-10 bijection.
public enum Philox4x32 {
    public static let multipliers: SIMD2<UInt32> = SIMD2(0xD251_1F53, 0xCD9E_8D57)
    public static let weyl: SIMD2<UInt32> = SIMD2(0x9E37_79B9, 0xBB67_AE85)

    /// Ten rounds of Philox on one counter with one key.
    @inlinable @inline(__always)
    public static func block(counter: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
        var c = counter
        var k = key
        for round in 0..<10 {
            if round > 0 { k &+= weyl }
            let p0 = UInt64(multipliers.x) &* UInt64(c.x)
            let p1 = UInt64(multipliers.y) &* UInt64(c.z)
            c = SIMD4(UInt32(truncatingIfNeeded: p1 >> 32) ^ c.y ^ k.x, UInt32(truncatingIfNeeded: p1),
                      UInt32(truncatingIfNeeded: p0 >> 32) ^ c.w ^ k.y, UInt32(truncatingIfNeeded: p0))
        }
        return c
    }

    /// Maps 32 random bits to the open interval (0, 1) with 24-bit resolution.
    @inlinable @inline(__always)
    public static func uniform(_ bits: UInt32) -> Float {
        (Float(bits >> 8) + 0.5) * 0x1p-24
    }
}
