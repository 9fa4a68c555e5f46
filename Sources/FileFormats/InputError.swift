// InputError: the one error every reader in FileFormats throws for malformed input.

/// A malformed or unsupported input, located precisely enough to fix by hand.
///
/// Readers never trap on bad bytes: truncated data, wrong magic numbers, unsupported type codes,
/// dimension products that overflow `Int` or exceed the data, oversized headers and failed
/// checksums all surface as an `InputError`.
///
/// The description reads `"<file>: <place>: expected <expected>"`, for instance
/// `train.gz: byte 4: expected IDX magic 0x0000 then a type code, found 0x1f8b`.
public struct InputError: Error, CustomStringConvertible, Equatable {
    /// The file (or a label for an in-memory buffer) that was being read.
    public var file: String
    /// Where in the input the problem is: a byte offset, a field or a header key.
    public var place: String
    /// What the reader expected there, usually followed by what it found.
    public var expected: String

    public init(file: String, place: String, expected: String) {
        self.file = file
        self.place = place
        self.expected = expected
    }

    public var description: String { "\(file): \(place): expected \(expected)" }
}

/// Formats `value` as `0x` followed by `digits` lower-case hexadecimal digits.
@usableFromInline
func hex<T: BinaryInteger>(_ value: T, digits: Int) -> String {
    let s = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, digits - s.count)) + s
}
