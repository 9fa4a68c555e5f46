import Datasets
import XCTest

final class ImageSetTests: XCTestCase {
    /// 6 images of 2×3 pixels; image i has every pixel equal to i/10 + column/100, label i % 3.
    private let small: ImageSet = {
        var pixels: [Float] = []
        for i in 0 ..< 6 { for _ in 0 ..< 2 { for c in 0 ..< 3 { pixels.append(Float(i) / 10 + Float(c) / 100) } } }
        return ImageSet(width: 3, height: 2, pixels: pixels, labels: (0 ..< 6).map { $0 % 3 })
    }()

    func testSelectDigitsKeepsOnlyThoseInOrder() {
        let selected = small.select(digits: [2, 0])
        XCTAssertEqual(selected.labels, [0, 2, 0, 2])
        XCTAssertEqual(selected.image(1), small.image(2))
        XCTAssertEqual(selected.image(3), small.image(5))
        XCTAssertEqual(selected.count, 4)
        XCTAssertEqual(small.select(digits: [7]).count, 0)
    }

    func testPrefixAndAppending() {
        XCTAssertEqual(small.prefix(2).labels, [0, 1])
        XCTAssertEqual(small.prefix(2).pixels, Array(small.pixels[0 ..< 12]))
        XCTAssertEqual(small.prefix(100), small)
        XCTAssertEqual(small.prefix(2).appending(small.gathering(2 ..< 6)), small)
        XCTAssertEqual(small.labelCounts(), [0: 2, 1: 2, 2: 2])
    }

    func testPermutationIsSeededPermutation() {
        let set = DigitGlyphs.generate(count: 500, digits: [1], seed: 1, size: 8)
        let p = set.permutation(seed: 42)
        XCTAssertEqual(p.sorted(), Array(0 ..< 500))
        XCTAssertEqual(p, set.permutation(seed: 42))
        XCTAssertNotEqual(p, set.permutation(seed: 43))
        XCTAssertNotEqual(p, Array(0 ..< 500))
        let shuffled = set.shuffled(seed: 42)
        for k in [0, 17, 499] { XCTAssertEqual(shuffled.image(k), set.image(p[k])) }
    }

    func testShuffleIsUniform() {
        // Where element 0 of a 10-element set lands, over 4000 seeds: each position has probability 1/10,
        // so counts are binomial with mean 400; Pearson's χ² with 9 degrees of freedom exceeds 27.88 with
        // probability 0.001.
        let set = small.appending(small).prefix(10)
        var counts = [Int](repeating: 0, count: 10)
        for seed in 0 ..< 4000 as Range<UInt64> {
            counts[set.permutation(seed: seed).firstIndex(of: 0)!] += 1
        }
        let chiSquared = counts.reduce(0.0) { $0 + pow(Double($1) - 400, 2) / 400 }
        XCTAssertLessThan(chiSquared, 27.88, "positions \(counts)")
    }

    func testSplitPartitionsTheSet() {
        let set = DigitGlyphs.generate(count: 100, seed: 2, size: 10)
        let (train, test) = set.split(testFraction: 0.25, seed: 7)
        XCTAssertEqual(test.count, 25)
        XCTAssertEqual(train.count, 75)
        let order = set.permutation(seed: 7)
        XCTAssertEqual(test, set.gathering(order[..<25]))
        XCTAssertEqual(train, set.gathering(order[25...]))
        XCTAssertEqual(set.split(testFraction: 0.25, seed: 7).test, test)
    }

    func testDataMatrixIsPixelsByImages() {
        let matrix = small.dataMatrix(encoding: .linear)
        XCTAssertEqual(matrix.count, 6 * 6)
        for image in 0 ..< 6 {
            for pixel in 0 ..< 6 {
                XCTAssertEqual(matrix[pixel * 6 + image], 2 * small.pixels[image * 6 + pixel] - 1)
            }
        }
        // A set larger than one 32×32 tile in both directions.
        let glyphs = DigitGlyphs.generate(count: 70, seed: 3, size: 12)
        let big = glyphs.dataMatrix(encoding: .nlm)
        for (pixel, image) in [(0, 0), (143, 69), (77, 33), (31, 32), (32, 31)] {
            XCTAssertEqual(big[pixel * 70 + image], PixelEncoding.nlm.encode(glyphs.pixels[image * 144 + pixel]))
        }
        let back = ImageSet(dataMatrix: big, width: 12, height: 12, encoding: .nlm, labels: glyphs.labels)
        XCTAssertEqual(back.labels, glyphs.labels)
        for k in glyphs.pixels.indices {
            // Decoding inverts encoding except where the clip at ±0.97 acted (pixels below 0.015 or above 0.985).
            let p = glyphs.pixels[k]
            XCTAssertEqual(back.pixels[k], min(max(p, 0.015), 0.985), accuracy: 2e-6)
        }
    }

    func testAtanhEncodingMatchesDoublePrecisionFormula() {
        let encoding = PixelEncoding.atanh(epsilon: 0.03)
        for p in stride(from: 0.0, through: 1.0, by: 0.0625) {
            let s = min(max(2 * p - 1, -0.97), 0.97)
            let reference = 0.5 * log((1 + s) / (1 - s))
            XCTAssertEqual(Double(encoding.encode(Float(p))), reference, accuracy: 1e-6 * max(1, abs(reference)))
            XCTAssertEqual(Double(encoding.decode(Float(reference))), (s + 1) / 2, accuracy: 1e-6)
        }
        XCTAssertEqual(Double(encoding.encode(0)), -2.0923, accuracy: 1e-4)  // atanh(0.97) = 2.09230...
        XCTAssertEqual(PixelEncoding.linear.encode(0.25), -0.5)
        XCTAssertEqual(PixelEncoding.linear.decode(-0.5), 0.25)
        XCTAssertEqual(PixelEncoding.nlm, .atanh(epsilon: 0.03))
    }
}
