import FileFormats
import Foundation
import TestSupport
import XCTest

/// NumPy .npy files: layout, every dtype, Fortran order, NumPy interoperability, malformed input.
final class NPYTests: XCTestCase {
    func testHeaderLayoutFollowsTheFormatSpecification() throws {
        let bytes = NPY.encode(floats: [1, 2, 3, 4, 5, 6], shape: [2, 3])
        XCTAssertEqual(Array(bytes[0..<8]), [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        XCTAssertEqual((10 + headerLength) % 64, 0, "data must start 64-byte aligned")
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"))
        XCTAssertTrue(header.hasSuffix(" \n"))
        XCTAssertEqual(bytes.count, 10 + headerLength + 24)
        XCTAssertEqual(Array(bytes[(10 + headerLength)...].prefix(4)), [0, 0, 0x80, 0x3F])  // 1.0f little-endian
    }

    func testEveryDtypeAndShapeRoundTrips() throws {
        let arrays: [NPYArray] = [
            NPYArray(shape: [2, 2], values: .float32([0.5, -1, .infinity, .leastNonzeroMagnitude])),
            NPYArray(shape: [3], values: .float64([1e300, -0.0, 2.5])),
            NPYArray(shape: [1, 2, 1], values: .int32([Int32.min, Int32.max])),
            NPYArray(shape: [2], values: .int64([Int64.min, 42])),
            NPYArray(shape: [4], values: .uint8([0, 1, 254, 255])),
            NPYArray(shape: [2], values: .int8([-128, 127])),
            NPYArray(shape: [], values: .float32([7])),
            NPYArray(shape: [0, 5], values: .float64([])),
        ]
        for a in arrays {
            XCTAssertEqual(try NPY.decode(NPY.encode(a), file: "t.npy"), a, "\(a.values.descr) \(a.shape)")
        }
        let floats = try NPY.decode(NPY.encode(NPYArray(shape: [2], values: .int32([-3, 1 << 24]))), file: "t").floatValues()
        XCTAssertEqual(floats, [-3, 16_777_216])
        assertInputError(try NPYArray(shape: [1], values: .int64([(1 << 24) + 1])).floatValues(file: "big.npy"),
                         contains: ["big.npy: element 0", "2^24"])
    }

    /// A hand-built file (version given, dict text given, payload given) independent of `encode`.
    func handmade(version: UInt8 = 1, header: String, payload: [UInt8]) -> [UInt8] {
        var h = Array(header.utf8)
        let prefix = version == 1 ? 10 : 12
        h += [UInt8](repeating: 0x20, count: (64 - (prefix + h.count + 1) % 64) % 64) + [0x0A]
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
        out += version == 1 ? [UInt8(h.count & 0xFF), UInt8(h.count >> 8)]
                            : [UInt8(h.count & 0xFF), UInt8(h.count >> 8), 0, 0]
        return out + h + payload
    }

    func testFortranOrderIsTransposedIntoCOrder() throws {
        // Column-major (2, 3) data 1 4 2 5 3 6 is the matrix [[1, 2, 3], [4, 5, 6]].
        let payload: [UInt8] = [1, 4, 2, 5, 3, 6]
        let a = try NPY.decode(handmade(header: "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }",
                                        payload: payload), file: "f")
        XCTAssertEqual(a.shape, [2, 3])
        XCTAssertEqual(a.values, .uint8([1, 2, 3, 4, 5, 6]))
        // 3-d: element (i, j, k) of shape (2, 3, 4) sits at i + 2j + 6k in Fortran order.
        var f = [UInt8](repeating: 0, count: 24)
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { f[i + 2 * j + 6 * k] = UInt8(12 * i + 4 * j + k) } } }
        let b = try NPY.decode(handmade(header: "{'fortran_order': True, 'shape': (2, 3, 4), 'descr': '|u1'}",
                                        payload: f), file: "f")
        XCTAssertEqual(b.values, .uint8((0..<24).map(UInt8.init)))
    }

    func testVersions2And3AndDoubleQuotesAreRead() throws {
        for version in [UInt8(2), 3] {
            let a = try NPY.decode(handmade(version: version, header: "{\"descr\": \"<i4\", \"fortran_order\": False, \"shape\": (1,)}",
                                            payload: [5, 0, 0, 0]), file: "v")
            XCTAssertEqual(a.values, .int32([5]), "version \(version)")
        }
    }

    func testNumPyReadsOursAndWeReadNumPys() throws {
        guard let python = PythonRunner.find(), python.hasModule("numpy") else {
            throw XCTSkip("python3 with numpy not available")
        }
        let dir = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // NumPy writes: C and Fortran order, version 1.0 and 2.0, each supported dtype.
        _ = try python.run("""
            import numpy as np, sys
            d = sys.argv[1]
            a = np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 7
            np.save(d + '/c.npy', a.astype('<f4'))
            np.save(d + '/f.npy', np.asfortranarray(a))
            with open(d + '/v2.npy', 'wb') as fh:
                np.lib.format.write_array(fh, a.astype('<i8'), version=(2, 0))
            np.save(d + '/u1.npy', (np.arange(10) * 25).astype('|u1'))
            np.save(d + '/i1.npy', np.array([-5, 5], dtype='|i1'))
            np.save(d + '/i4.npy', np.array([[1, -2], [3, 4]], dtype='<i4'))
            np.save(d + '/be.npy', np.ones(3, dtype='>f4'))
            """, arguments: [dir])
        let expected = (0..<24).map { Double($0) / 7 }
        let c = try NPY.read(path: dir + "/c.npy")
        XCTAssertEqual(c.shape, [2, 3, 4])
        XCTAssertEqual(c.values, .float32(expected.map { Float($0) }))
        XCTAssertEqual(try NPY.read(path: dir + "/f.npy").values, .float64(expected))
        XCTAssertEqual(try NPY.read(path: dir + "/v2.npy").values, .int64((0..<24).map { Int64(Double($0) / 7) }))
        XCTAssertEqual(try NPY.read(path: dir + "/u1.npy").values, .uint8((0..<10).map { UInt8($0 * 25) }))
        XCTAssertEqual(try NPY.read(path: dir + "/i1.npy").values, .int8([-5, 5]))
        XCTAssertEqual(try NPY.read(path: dir + "/i4.npy").values, .int32([1, -2, 3, 4]))
        assertInputError(try NPY.read(path: dir + "/be.npy"), contains: ["be.npy: header 'descr'", "'>f4'"])
        // NumPy reads ours.
        try NPY.write(floats: [1.5, -2, 3, 4, 5, 6], shape: [3, 2], to: dir + "/ours.npy")
        try NPY.write(NPYArray(shape: [2], values: .int64([-7, 9])), to: dir + "/ours8.npy")
        let out = try python.run("""
            import numpy as np, sys
            a = np.load(sys.argv[1] + '/ours.npy'); b = np.load(sys.argv[1] + '/ours8.npy')
            print(a.dtype, a.shape, a.sum(), a[0, 0], a[2, 1], b.dtype, b.tolist())
            """, arguments: [dir])
        XCTAssertEqual(out.trimmingCharacters(in: .whitespacesAndNewlines), "float32 (3, 2) 17.5 1.5 6.0 int64 [-7, 9]")
    }

    // MARK: - Malformed .npy

    func testBadMagicAndVersionAreRejected() {
        assertInputError(try NPY.decode(Array("PK\u{3}\u{4}NUMPY\u{1}\u{0}".utf8), file: "z.npy"),
                         contains: ["z.npy: byte 0", ".npy magic"])
        var v = NPY.encode(floats: [1], shape: [1])
        v[6] = 4
        assertInputError(try NPY.decode(v, file: "a"), contains: ["byte 6", "version 1, 2 or 3, found 4.0"])
    }

    func testTruncationIsRejectedEverywhere() {
        let full = NPY.encode(floats: [1, 2, 3], shape: [3])
        for cut in [0, 5, 9, 40, full.count - 12, full.count - 1] {
            assertInputError(try NPY.decode(Array(full.prefix(cut)), file: "a"), contains: ["truncated"])
        }
        assertInputError(try NPY.decode(full + [0], file: "a"), contains: ["1 extra bytes"])
    }

    func testOversizedHeaderIsRejected() {
        let bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [2, 0, 0, 0, 0, 0x40] + [UInt8](repeating: 0x20, count: 64)
        assertInputError(try NPY.decode(bytes, file: "h"), contains: ["byte 8", "header length"])
    }

    func testUnsupportedDtypeIsNamed() {
        for descr in [">f4", "<c8", "<U3", "|b1"] {
            let bytes = handmade(header: "{'descr': '\(descr)', 'fortran_order': False, 'shape': (1,), }", payload: [0])
            assertInputError(try NPY.decode(bytes, file: "d"), contains: ["header 'descr'", "found '\(descr)'"])
        }
    }

    func testMalformedHeaderLiteralsAreRejected() {
        let cases: [(String, String)] = [
            ("{'descr': '<f4', 'shape': (1,), }", "the keys"),
            ("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,)}", "True or False"),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (1, -2)}", "dimension"),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': 3}", "'('"),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "found 'extra'"),
            ("['descr']", "'{'"),
            ("{'descr: '<f4'}", "':'"),
        ]
        for (header, fragment) in cases {
            assertInputError(try NPY.decode(handmade(header: header, payload: [0, 0, 0, 0]), file: "m"),
                             contains: ["m: header", fragment])
        }
    }

    func testShapeProductOverflowIsRejected() {
        let bytes = handmade(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 16)}", payload: [])
        assertInputError(try NPY.decode(bytes, file: "o"), contains: ["header 'shape'", "fits in memory"])
        let huge = handmade(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,)}", payload: [])
        assertInputError(try NPY.decode(huge, file: "o"), contains: ["integer dimension"])
    }
}
