import FileFormats
import Foundation
import TestSupport
import XCTest

/// PNG writing and reading: reference files from Pillow, hand-built filter rows, round trips,
/// and each malformed-input class.
final class PNGTests: XCTestCase {
    /// Written by Pillow 13 (`Image.new('RGB', (5, 4))`, pixel (x, y) = ((50x + 7y) % 256,
    /// 60y % 256, 13xy % 256), `optimize=True`); its rows use the Sub and Paeth filters.
    let pillowRGB: [UInt8] = [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x05, 0x00, 0x00, 0x00, 0x04, 0x08, 0x02, 0x00, 0x00, 0x00, 0xc9, 0x51, 0x62, 0x17, 0x00, 0x00, 0x00,
        0x21, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0x60, 0x30, 0x42, 0x42, 0x2c, 0xec, 0x36, 0x0c,
        0xec, 0x0c, 0xbc, 0x70, 0x04, 0xe7, 0x4b, 0x41, 0x10, 0x32, 0x5f, 0x9d, 0x9d, 0x41, 0x1d, 0x00, 0x5d, 0xb8,
        0x02, 0xf7, 0x58, 0x65, 0x60, 0x6d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]

    /// Written by Pillow 13 (`Image.new('L', (6, 6))`, pixel (x, y) = (26x² + 15y² + xy + 17y) % 256);
    /// its rows use the None, Sub, Up and Paeth filters.
    let pillowGray: [UInt8] = [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x06, 0x00, 0x00, 0x00, 0x06, 0x08, 0x00, 0x00, 0x00, 0x00, 0xc5, 0xa7, 0xb0, 0x94, 0x00, 0x00, 0x00,
        0x33, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x64, 0x90, 0xf2, 0x6b, 0xda, 0xf6, 0x8a, 0x49, 0x41, 0x51,
        0x49, 0x59, 0x45, 0x95, 0xc5, 0x4e, 0xc6, 0xe1, 0x88, 0xd3, 0x1b, 0xc6, 0x5d, 0xb2, 0x81, 0xad, 0x3b, 0xdf,
        0x32, 0x98, 0x04, 0x2d, 0xd1, 0x7a, 0x72, 0x89, 0xf1, 0x8c, 0x7c, 0x70, 0xfb, 0xee, 0xf7, 0x00, 0x16, 0x5a,
        0x0f, 0xbb, 0xcc, 0x8e, 0xea, 0x16, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]

    func testPillowFilesDecodeToTheirFormulas() throws {
        let rgb = try PNG.decode(pillowRGB, file: "rgb.png")
        XCTAssertEqual([rgb.width, rgb.height], [5, 4])
        XCTAssertEqual(rgb.color, .rgb)
        var expected: [UInt8] = []
        for y in 0..<4 { for x in 0..<5 { expected += [UInt8((x * 50 + y * 7) % 256), UInt8(y * 60 % 256), UInt8(x * y * 13 % 256)] } }
        XCTAssertEqual(rgb.pixels, expected)
        let gray = try PNG.decode(pillowGray, file: "gray.png")
        XCTAssertEqual(gray.color, .gray)
        var g: [UInt8] = []
        for y in 0..<6 { for x in 0..<6 { g.append(UInt8((26 * x * x + 15 * y * y + x * y + 17 * y) % 256)) } }
        XCTAssertEqual(gray.pixels, g)
    }

    /// A PNG whose scanlines are given literally (wrapped with our zlib and chunk CRCs).
    func pngWithScanlines(_ scanlines: [UInt8], width: Int, height: Int, color: UInt8) -> [UInt8] {
        func be(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func chunk(_ t: String, _ d: [UInt8]) -> [UInt8] { be(d.count) + Array(t.utf8) + d + be(Int(CRC32.checksum(Array(t.utf8) + d))) }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", be(width) + be(height) + [8, color, 0, 0, 0])
            + chunk("IDAT", Zlib.compress(scanlines)) + chunk("IEND", [])
    }

    func testAverageFilterRowComputedByHandDecodes() throws {
        // Pixels [[10, 20], [30, 40]]; row 1 with Average: 30 − ⌊(0 + 10)/2⌋ = 25, 40 − ⌊(30 + 20)/2⌋ = 15.
        let image = try PNG.decode(pngWithScanlines([0, 10, 20, 3, 25, 15], width: 2, height: 2, color: 0), file: "a")
        XCTAssertEqual(image.pixels, [10, 20, 30, 40])
    }

    func testRoundTripAllColorTypesAndFilterings() throws {
        var rng = SplitMix64(seed: 5)
        for color in [PNGColor.gray, .grayAlpha, .rgb, .rgba] {
            for (w, h) in [(1, 1), (7, 3), (33, 20)] {
                let n = w * h * color.channels
                let smooth = (0..<n).map { UInt8(truncatingIfNeeded: $0 / 3 + $0 % 5) }
                let noisy = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
                for pixels in [smooth, noisy] {
                    let image = PNGImage(width: w, height: h, color: color, pixels: pixels)
                    for filtering in [PNG.Filtering.none, .adaptive] {
                        XCTAssertEqual(try PNG.decode(PNG.encode(image, filtering: filtering), file: "rt"), image,
                                       "\(color) \(w)x\(h) \(filtering)")
                    }
                }
            }
        }
    }

    func testPillowReadsOurFiles() throws {
        guard let python = PythonRunner.find(), python.hasModule("PIL") else { throw XCTSkip("python3 with Pillow not available") }
        let dir = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var pixels: [UInt8] = []
        for y in 0..<9 { for x in 0..<11 { pixels += [UInt8(x * 23), UInt8(y * 28), UInt8((x ^ y) * 16), 200] } }
        try PNG.write(PNGImage(width: 11, height: 9, color: .rgba, pixels: pixels), to: dir + "/ours.png")
        let out = try python.run("""
            import sys; from PIL import Image
            im = Image.open(sys.argv[1]); im.load()
            print(im.mode, im.size, list(im.getdata())[10 + 11 * 8])
            """, arguments: [dir + "/ours.png"])
        XCTAssertEqual(out.trimmingCharacters(in: .whitespacesAndNewlines), "RGBA (11, 9) (230, 224, 32, 200)")
    }

    func testImageGridLayoutScaleBorderAndRange() throws {
        // Three 2x1 images, 2 columns, scale 2, border 1: width 2·(4+1)+1 = 11, height 2·(2+1)+1 = 7.
        let images: [[Float]] = [[0, 1], [0.5, 2], [-1, .nan]]
        let image = ImageGrid.image(images: images, width: 2, height: 1, columns: 2, scale: 2, border: 1)
        XCTAssertEqual([image.width, image.height], [11, 7])
        func px(_ x: Int, _ y: Int) -> UInt8 { image.pixels[y * image.width + x] }
        XCTAssertEqual(px(0, 0), 128)                       // border
        XCTAssertEqual([px(1, 1), px(2, 2), px(3, 1), px(4, 2)], [0, 0, 255, 255])
        XCTAssertEqual(px(5, 1), 128)                       // border between cells
        XCTAssertEqual([px(6, 1), px(8, 2)], [128, 255])    // 0.5 → 128 (rounded 127.5), 2 clamps to 255
        XCTAssertEqual([px(1, 4), px(3, 5)], [0, 0])        // -1 clamps to 0, NaN drawn as 0
        XCTAssertEqual(px(6, 4), 128)                       // empty fourth cell stays border grey
        let ranged = ImageGrid.image(images: [[10, 20]], width: 2, height: 1, columns: 1, border: 0, range: 10...20)
        XCTAssertEqual(ranged.pixels, [0, 255])
        let png = ImageGrid.png(images: images, width: 2, height: 1, columns: 2, scale: 2)
        XCTAssertEqual(try PNG.decode(png, file: "grid"), image)
        // Degenerate requests still give a valid picture.
        XCTAssertNoThrow(try PNG.decode(ImageGrid.png(images: [], width: 0, height: 0, columns: 0, border: 0), file: "e"))
    }

    // MARK: - Malformed PNG

    func testBadSignatureIsRejected() {
        assertInputError(try PNG.decode(Array("GIF89a..".utf8), file: "x.png"), contains: ["x.png: byte 0", "PNG signature"])
    }

    func testChunkCRCMismatchIsRejected() {
        var bad = pillowRGB
        bad[20] ^= 1  // IHDR width byte
        assertInputError(try PNG.decode(bad, file: "c"), contains: ["byte 29", "chunk IHDR"])
    }

    func testTruncationIsRejected() {
        for cut in [4, 8, 20, 40, pillowRGB.count - 5] {
            assertInputError(try PNG.decode(Array(pillowRGB.prefix(cut)), file: "t"), contains: ["truncated"])
        }
    }

    func testUnsupportedHeadersAreRejected() {
        // Only the signature and an IHDR (with a valid CRC) are needed to reach the header checks.
        func build(depth: UInt8, color: UInt8, interlace: UInt8, width: Int, height: Int) -> [UInt8] {
            func be(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
            let d = Array("IHDR".utf8) + be(width) + be(height) + [depth, color, 0, 0, interlace]
            return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be(13) + d + be(Int(CRC32.checksum(d)))
        }
        assertInputError(try PNG.decode(build(depth: 16, color: 0, interlace: 0, width: 2, height: 2), file: "p"), contains: ["bit depth 8"])
        assertInputError(try PNG.decode(build(depth: 8, color: 3, interlace: 0, width: 2, height: 2), file: "p"), contains: ["palette"])
        assertInputError(try PNG.decode(build(depth: 8, color: 0, interlace: 1, width: 2, height: 2), file: "p"), contains: ["interlace"])
        assertInputError(try PNG.decode(build(depth: 8, color: 0, interlace: 0, width: 0, height: 2), file: "p"), contains: ["width and height"])
        assertInputError(try PNG.decode(build(depth: 8, color: 6, interlace: 0, width: 1 << 30, height: 1 << 30), file: "p"),
                         contains: ["at most"])
    }

    func testWrongScanlineCountAndFilterTypeAreRejected() {
        assertInputError(try PNG.decode(pngWithScanlines([0, 1, 2, 0, 3], width: 2, height: 2, color: 0), file: "s"),
                         contains: ["s: IDAT", "6 bytes of scanlines", "found 5"])
        assertInputError(try PNG.decode(pngWithScanlines([0, 1, 2, 9, 3, 4], width: 2, height: 2, color: 0), file: "s"),
                         contains: ["IDAT row 1", "filter type 0…4, found 9"])
    }
}
