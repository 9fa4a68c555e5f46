import Datasets
import Foundation
import XCTest

final class DigitGlyphsTests: XCTestCase {
    func testSameSeedGivesBitIdenticalPixelsInAnyOrder() {
        let a = DigitGlyphs.generate(count: 60, digits: [1, 3, 6], seed: 11)
        let b = DigitGlyphs.generate(count: 60, digits: [1, 3, 6], seed: 11)
        XCTAssertEqual(a.pixels.map(\.bitPattern), b.pixels.map(\.bitPattern))
        XCTAssertEqual(a.labels, b.labels)
        // Image i depends only on (seed, i, digit): drawing single images backwards reproduces the set.
        for i in stride(from: 59, through: 0, by: -7) {
            let single = DigitGlyphs.image(digit: a.labels[i], seed: 11, index: i)
            XCTAssertEqual(single.map(\.bitPattern), a.image(i).map(\.bitPattern), "image \(i)")
        }
        // A longer set starts with the shorter one.
        let longer = DigitGlyphs.generate(count: 90, digits: [1, 3, 6], seed: 11)
        XCTAssertEqual(longer.prefix(60), a)
    }

    func testDifferentSeedsGiveDifferentImages() {
        let a = DigitGlyphs.generate(count: 50, seed: 1)
        let b = DigitGlyphs.generate(count: 50, seed: 2)
        XCTAssertEqual(a.labels, b.labels, "labels cycle through the digits whatever the seed")
        for i in 0 ..< 50 {
            XCTAssertNotEqual(a.image(i), b.image(i), "image \(i) identical for seeds 1 and 2")
        }
    }

    func testLabelsCycleThroughRequestedDigits() {
        let set = DigitGlyphs.generate(count: 7, digits: [6, 1, 3], seed: 5, size: 16)
        XCTAssertEqual(set.labels, [6, 1, 3, 6, 1, 3, 6])
        XCTAssertEqual(set.width, 16)
        XCTAssertEqual(set.height, 16)
        XCTAssertEqual(set.pixels.count, 7 * 256)
    }

    func testPixelsLieInUnitIntervalWithAntialiasedEdges() {
        let set = DigitGlyphs.generate(count: 200, seed: 3)
        XCTAssertTrue(set.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
        for i in 0 ..< set.count {
            let image = set.image(i)
            let ink = image.filter { $0 > 0 }.count
            let intermediate = image.filter { $0 > 0.05 && $0 < 0.95 }.count
            let full = image.filter { $0 == 1 }.count
            // A pen ≥ 2 px wide has a solid core, and the 1.2 px edge ramp on both sides of every stroke
            // gives partially covered pixels: at least a fifth of the inked pixels for strokes ≤ 3.6 px.
            XCTAssertGreaterThan(full, 10, "image \(i) has no solid stroke")
            XCTAssertGreaterThan(Double(intermediate), 0.2 * Double(ink), "image \(i) is not anti-aliased")
            XCTAssertEqual(image[0], 0, "image \(i): corner must be background")
        }
    }

    func testMassCentreWithinOnePixelOfImageCentre() {
        for size in [28, 20] {
            let set = DigitGlyphs.generate(count: 300, seed: 4, size: size)
            let centre = Double(size) / 2
            for i in 0 ..< set.count {
                let image = set.image(i)
                var mass = 0.0, row = 0.0, column = 0.0
                for r in 0 ..< size {
                    for c in 0 ..< size {
                        let p = Double(image[r * size + c])
                        mass += p; row += p * Double(r); column += p * Double(c)
                    }
                }
                XCTAssertLessThan(abs(row / mass - centre), 1, "size \(size) image \(i) row centre")
                XCTAssertLessThan(abs(column / mass - centre), 1, "size \(size) image \(i) column centre")
            }
        }
    }

    func testDigitsFitTheMNISTBox() {
        // Size normalisation puts the longer ink side at 92–100 % of 20 px (plus < 1 px of edge ramp).
        let set = DigitGlyphs.generate(count: 200, seed: 8)
        for i in 0 ..< set.count {
            let image = set.image(i)
            let rows = (0 ..< 28).filter { r in (0 ..< 28).contains { image[r * 28 + $0] > 0 } }
            let columns = (0 ..< 28).filter { c in (0 ..< 28).contains { image[$0 * 28 + c] > 0 } }
            let longer = max(rows.last! - rows.first! + 1, columns.last! - columns.first! + 1)
            XCTAssertTrue((16 ... 21).contains(longer), "image \(i): longer side \(longer) px")
        }
    }

    /// Nearest-centroid classification: centroids from seed 100, test glyphs from seed 200.
    private func nearestCentroidAccuracy(digits: [Int], perClass: Int) -> Double {
        let train = DigitGlyphs.generate(count: perClass * digits.count, digits: digits, seed: 100)
        let test = DigitGlyphs.generate(count: perClass * digits.count, digits: digits, seed: 200)
        let means = classMeans(train)
        var correct = 0
        for i in 0 ..< test.count {
            let image = test.image(i)
            let guess = means.min { squaredDistance($0.value, image) < squaredDistance($1.value, image) }!.key
            if guess == test.labels[i] { correct += 1 }
        }
        let accuracy = Double(correct) / Double(test.count)
        print("nearest-centroid accuracy for \(digits): \(accuracy)")
        return accuracy
    }

    func testNearestCentroidRecognisesOneThreeSix() {
        // 600 test images: the binomial standard error at 90 % is 1.2 %, so the threshold is a real bar.
        let accuracy = nearestCentroidAccuracy(digits: [1, 3, 6], perClass: 200)
        XCTAssertGreaterThanOrEqual(accuracy, 0.90)
    }

    func testNearestCentroidRecognisesAllTenDigits() {
        // (Nearest centroid reaches 82 % on real MNIST.) 2000 test images: standard error 0.9 % at 80 %.
        let accuracy = nearestCentroidAccuracy(digits: Array(0 ... 9), perClass: 200)
        XCTAssertGreaterThanOrEqual(accuracy, 0.80)
    }

    func testClassMeansDifferBeyondSamplingNoise() {
        // The mean image of a class estimated from n images has per-pixel variance σ²/n. Two independent
        // estimates of one class differ by noise of expected squared norm Σ(σ²ₐ/nₐ + σ²ᵦ/nᵦ); different
        // classes must differ by far more (here: 9× that, i.e. three noise norms), while the same class from
        // two seeds must differ by less than from any other class.
        let perClass = 150
        let a = DigitGlyphs.generate(count: 10 * perClass, seed: 21)
        let b = DigitGlyphs.generate(count: 10 * perClass, seed: 22)
        let meansA = classMeans(a), meansB = classMeans(b)
        let variances = classVariances(a, means: meansA)
        for d in 0 ... 9 {
            let sameClass = squaredDistance(meansA[d]!, meansB[d]!)
            for e in 0 ... 9 where e != d {
                let between = squaredDistance(meansA[d]!, meansA[e]!)
                let noise = zip(variances[d]!, variances[e]!).reduce(0) { $0 + Double($1.0 + $1.1) / Double(perClass) }
                XCTAssertGreaterThan(between, 9 * noise, "classes \(d) and \(e) have indistinguishable means")
                XCTAssertLessThan(sameClass, between, "class \(d) is closer to \(e) than to itself")
            }
        }
    }

    #if !DEBUG
    func testTenThousandGlyphsTakeWellUnderASecond() {
        let start = Date()
        let set = DigitGlyphs.generate(count: 10_000, seed: 9)
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(set.count, 10_000)
        XCTAssertLessThan(seconds, 1.0, "10 000 glyphs took \(seconds) s")
    }
    #endif
}

/// The mean image of each label.
func classMeans(_ set: ImageSet) -> [Int: [Float]] {
    var sums: [Int: [Double]] = [:]
    for i in 0 ..< set.count {
        var sum = sums[set.labels[i]] ?? Array(repeating: 0, count: set.pixelsPerImage)
        for (k, p) in set.image(i).enumerated() { sum[k] += Double(p) }
        sums[set.labels[i]] = sum
    }
    let counts = set.labelCounts()
    return sums.reduce(into: [:]) { result, entry in
        result[entry.key] = entry.value.map { Float($0 / Double(counts[entry.key]!)) }
    }
}

/// The unbiased per-pixel variance of each label's images.
func classVariances(_ set: ImageSet, means: [Int: [Float]]) -> [Int: [Float]] {
    var sums: [Int: [Double]] = [:]
    for i in 0 ..< set.count {
        let label = set.labels[i]
        let mean = means[label]!
        let squares = zip(set.image(i), mean).map { Double(($0 - $1) * ($0 - $1)) }
        sums[label] = zip(sums[label] ?? Array(repeating: 0, count: squares.count), squares).map { $0 + $1 }
    }
    let counts = set.labelCounts()
    return sums.reduce(into: [:]) { result, entry in
        result[entry.key] = entry.value.map { Float($0 / Double(counts[entry.key]! - 1)) }
    }
}

func squaredDistance(_ a: [Float], _ b: [Float]) -> Double {
    var sum = 0.0
    for k in a.indices { let d = Double(a[k] - b[k]); sum += d * d }
    return sum
}
