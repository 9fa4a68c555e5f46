/// A running digest of a byte stream (CRC-32, Adler-32, SHA-256): fed raw buffers, it gets the
/// conveniences for any byte collection from this protocol instead of repeating them per algorithm.
public protocol ByteDigest {
    init()
    /// Feeds `bytes` into the digest.
    mutating func update(_ bytes: UnsafeRawBufferPointer)
}

extension ByteDigest {
    /// Feeds `bytes` into the digest (contiguous collections without a copy). Complexity: O(n).
    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) {
            return done
        }
        let copy = Array(bytes)
        copy.withUnsafeBytes { update($0) }
    }

    /// A digest that has seen `bytes`.
    static func of<C: Collection>(_ bytes: C) -> Self where C.Element == UInt8 {
        var digest = Self()
        digest.update(bytes)
        return digest
    }
}
