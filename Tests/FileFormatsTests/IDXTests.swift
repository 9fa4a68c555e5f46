import FileFormats
import Foundation
import TestSupport
import XCTest

/// IDX (MNIST) files: the real data set, every element type, and each malformed-input class.
final class IDXTests: XCTestCase {
    func testMNISTShapesAndRawEqualsGzip() throws {
        let dir = try TestData.requireMNIST()
        let expected: [(String, [Int])] = [
            ("train-images-idx3-ubyte", [60000, 28, 28]), ("train-labels-idx1-ubyte", [60000]),
            ("t10k-images-idx3-ubyte", [10000, 28, 28]), ("t10k-labels-idx1-ubyte", [10000]),
        ]
        for (name, shape) in expected {
            let raw = try IDX.read(path: dir + "/" + name)
            let gz = try IDX.read(path: dir + "/" + name + ".gz")
            XCTAssertEqual(raw.shape, shape, name)
            XCTAssertEqual(raw.type, .uint8, name)
            XCTAssertEqual(raw, gz, "\(name): raw and gzip differ")
            let values = try raw.uint8Values()
            XCTAssertEqual(values.count, shape.reduce(1, *))
            if name.contains("labels") {
                // Labels are digits; every class occurs (MNIST has ≥ 892 of each in the test set).
                XCTAssertEqual(Set(values), Set(0...9), name)
            } else {
                // Pixels span 0…255 and the first 4 rows of every MNIST digit image are blank.
                XCTAssertEqual(values.max(), 255)
                XCTAssertTrue(values[0..<(4 * 28)].allSatisfy { $0 == 0 })
            }
        }
        // The first training label of MNIST is 5 and the first test label 7 (LeCun's documentation
        // lists the files; these two values are widely quoted and easy to check by eye).
        XCTAssertEqual(try IDX.read(path: dir + "/train-labels-idx1-ubyte").uint8Values().first, 5)
        XCTAssertEqual(try IDX.read(path: dir + "/t10k-labels-idx1-ubyte").uint8Values().first, 7)
    }

    func testEveryElementTypeDecodesFromHandWrittenBigEndianBytes() throws {
        let cases: [(UInt8, [UInt8], [Float])] = [
            (0x08, [0, 255], [0, 255]),
            (0x09, [0x80, 0x7F], [-128, 127]),
            (0x0B, [0xFF, 0xFE, 0x01, 0x00], [-2, 256]),
            (0x0C, [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x01, 0x00, 0x00], [-1, 65536]),
            (0x0D, [0x3F, 0x80, 0, 0, 0xC0, 0x20, 0, 0], [1, -2.5]),
            (0x0E, [0x3F, 0xF8, 0, 0, 0, 0, 0, 0, 0xC0, 0x59, 0, 0, 0, 0, 0, 0], [1.5, -100]),
        ]
        for (code, payload, values) in cases {
            let bytes: [UInt8] = [0, 0, code, 1, 0, 0, 0, 2] + payload
            let array = try IDX.decode(bytes, file: "t.idx")
            XCTAssertEqual(array.shape, [2])
            XCTAssertEqual(array.type.rawValue, code)
            XCTAssertEqual(array.floatValues(), values, "type \(code)")
            XCTAssertEqual(IDX.encode(array), bytes, "re-encoding type \(code)")
        }
    }

    func testEncodeDecodeRoundTripIncludingGzip() throws {
        let values = (0..<(3 * 4 * 5)).map { UInt8($0 * 3 % 256) }
        let bytes = IDX.encode(uint8: values, shape: [3, 4, 5])
        XCTAssertEqual(Array(bytes.prefix(16)), [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5])
        let back = try IDX.decode(GZip.compress(bytes), file: "g.gz")
        XCTAssertEqual(back.shape, [3, 4, 5])
        XCTAssertEqual(try back.uint8Values(), values)
        let floats = IDXArray(shape: [2, 2], float32: [0.5, -1, 3e8, .infinity])
        XCTAssertEqual(try IDX.decode(IDX.encode(floats), file: "f").floatValues(), [0.5, -1, 3e8, .infinity])
        assertInputError(try floats.uint8Values(), contains: ["unsigned byte"])
    }

    // MARK: - Malformed IDX

    func testWrongMagicIsRejected() {
        assertInputError(try IDX.decode([0x50, 0x4B, 3, 4, 0, 0, 0, 0], file: "a.idx"),
                         contains: ["a.idx: byte 0: expected IDX magic 0x0000 then a type code, found 0x504b"])
    }

    func testUnsupportedTypeCodeIsRejected() {
        assertInputError(try IDX.decode([0, 0, 0x07, 1, 0, 0, 0, 0], file: "a.idx"),
                         contains: ["byte 2", "found 0x07"])
    }

    func testTruncatedHeaderAndDataAreRejected() {
        assertInputError(try IDX.decode([0, 0], file: "a"), contains: ["4-byte IDX header", "truncated"])
        assertInputError(try IDX.decode([0, 0, 8, 3, 0, 0, 0, 2], file: "a"), contains: ["dimensions", "truncated"])
        assertInputError(try IDX.decode([0, 0, 8, 1, 0, 0, 0, 3, 1, 2], file: "a"),
                         contains: ["3 data bytes", "found 2", "truncated"])
        assertInputError(try IDX.decode([0, 0, 0x0D, 1, 0, 0, 0, 1, 1, 2, 3], file: "a"),
                         contains: ["4 data bytes"])
    }

    func testDimensionProductOverflowIsRejected() {
        // (2^32 - 1)^2 already overflows Int64 at the second dimension (byte 8); a product that fits but exceeds the data is a truncation.
        var bytes: [UInt8] = [0, 0, 8, 3]
        for _ in 0..<3 { bytes += [0xFF, 0xFF, 0xFF, 0xFF] }
        assertInputError(try IDX.decode(bytes, file: "a"), contains: ["byte 8", "overflows"])
        assertInputError(try IDX.decode([0, 0, 0x0E, 1, 0x7F, 0xFF, 0xFF, 0xFF], file: "a"), contains: ["truncated"])
    }

    func testZeroDimensionsAndTrailingBytesAreRejected() {
        assertInputError(try IDX.decode([0, 0, 8, 0], file: "a"), contains: ["byte 3", "at least 1 dimension"])
        assertInputError(try IDX.decode([0, 0, 8, 1, 0, 0, 0, 1, 9, 9], file: "a"), contains: ["byte 9", "1 extra bytes"])
    }

    func testCorruptGzipAndMissingFilesAreRejected() {
        var gz = GZip.compress(IDX.encode(uint8: [1, 2, 3], shape: [3]))
        gz[gz.count - 6] ^= 0x10  // CRC byte
        assertInputError(try IDX.decode(gz, file: "c.gz"), contains: ["c.gz", "CRC-32"])
        assertInputError(try IDX.read(path: "/nonexistent/dir/x.idx"), contains: ["/nonexistent/dir/x.idx: file"])
    }
}
