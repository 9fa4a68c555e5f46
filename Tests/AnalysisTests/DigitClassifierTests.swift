import Analysis
import Datasets
import DenseKernels
import Foundation
import TestSupport
import XCTest

final class DigitClassifierTests: XCTestCase {
    static let mnist = RepositoryPaths.mnist

    /// Every gradient of the cross-entropy against central finite differences of the loss (ε = 1e-2 in float;
    /// the loss is accumulated in double, so rounding contributes ~1e-5 and curvature O(ε²) ~1e-4).
    func testGradientsMatchFiniteDifferences() {
        var model = DigitClassifier(inputs: 7, hidden: 5, seed: 3)
        for k in 0..<model.b1.count { model.b1[k] = 0.1 }   // keep every hidden unit away from the ReLU kink
        let s = RandomStream(seed: 4, stream: 0)
        let x = Matrix(rows: 6, cols: 7, storage: (0..<42).map { 0.5 + 0.5 * s.gaussian(UInt64($0)) })
        let labels = [0, 3, 9, 3, 1, 7]
        let g = model.lossAndGradient(x, labels: labels)
        func check(_ name: String, _ get: (DigitClassifier) -> [Float], _ set: (inout DigitClassifier, Int, Float) -> Void, _ analytic: [Float]) {
            let values = get(model)
            for k in values.indices {
                var plus = model, minus = model
                set(&plus, k, values[k] + 1e-2)
                set(&minus, k, values[k] - 1e-2)
                let numeric = (plus.lossAndGradient(x, labels: labels).loss - minus.lossAndGradient(x, labels: labels).loss) / 2e-2
                XCTAssertEqual(Double(analytic[k]), numeric, accuracy: 2e-3 + 0.02 * abs(numeric), "\(name)[\(k)]")
            }
        }
        check("w1", { $0.w1.storage }, { $0.w1.storage[$1] = $2 }, g.w1)
        check("b1", { $0.b1 }, { $0.b1[$1] = $2 }, g.b1)
        check("w2", { $0.w2.storage }, { $0.w2.storage[$1] = $2 }, g.w2)
        check("b2", { $0.b2 }, { $0.b2[$1] = $2 }, g.b2)
    }

    func testProbabilitiesAreNormalisedAndSaveLoadRoundTrips() throws {
        let model = DigitClassifier(inputs: 12, hidden: 6, seed: 5)
        let x = Matrix(rows: 3, cols: 12, storage: (0..<36).map { Float($0 % 7) / 7 })
        let p = model.probabilities(x)
        for r in 0..<3 { XCTAssertEqual((0..<10).reduce(Float(0)) { $0 + p[r, $1] }, 1, accuracy: 1e-5) }
        let path = NSTemporaryDirectory() + "classifier-\(UUID().uuidString).nlmdigit"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        XCTAssertEqual(try DigitClassifier.load(from: path), model)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[30] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try DigitClassifier.load(from: path)) { XCTAssertTrue("\($0)".contains("CRC-32"), "\($0)") }
    }

    /// Malformed files are InputErrors (described "<file>: <place>: expected …") naming the file: a truncated file (size), a wrong magic, a missing file.
    func testBadFilesAreRejectedWithTheirName() throws {
        let path = NSTemporaryDirectory() + "classifier-\(UUID().uuidString).nlmdigit"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try DigitClassifier(inputs: 4, hidden: 3, seed: 1).save(to: path)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        try good.prefix(good.count - 8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try DigitClassifier.load(from: path)) { XCTAssertTrue("\($0)".hasPrefix(path + ": file size: expected"), "\($0)") }
        var wrongMagic = good
        wrongMagic[0] = UInt8(ascii: "X")
        try wrongMagic.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try DigitClassifier.load(from: path)) { XCTAssertTrue("\($0)".hasPrefix(path + ": bytes 0–7: expected"), "\($0)") }
        XCTAssertThrowsError(try DigitClassifier.load(from: path + ".missing")) { XCTAssertTrue("\($0)".hasPrefix(path + ".missing: file: expected"), "\($0)") }
    }

    /// `cached` returns a valid cache file's classifier without touching MNIST; an invalid cache is retrained,
    /// so with no MNIST directory it fails with the loader's error naming that directory.
    func testCachedLoadsAValidFileAndRetrainsAnInvalidOne() throws {
        let path = NSTemporaryDirectory() + "classifier-\(UUID().uuidString).nlmdigit"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = DigitClassifier(inputs: 784, hidden: 8, seed: 2)
        try model.save(to: path)
        let missing = NSTemporaryDirectory() + "no-mnist-\(UUID().uuidString)"
        XCTAssertEqual(try DigitClassifier.cached(mnistDirectory: missing, cacheFile: path, quiet: true), model)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try DigitClassifier.cached(mnistDirectory: missing, cacheFile: path, quiet: true)) {
            XCTAssertTrue("\($0)".hasPrefix(missing + ": directory: expected"), "\($0)")
        }
    }

    /// The training loop (shuffling, batches, Adam on all four tensors) learns without MNIST: a tiny
    /// 784 → 8 → 10 network trained for 3 epochs in batches of 20 on 400 synthetic glyphs classifies 300
    /// unseen glyphs (another seed) far above chance (10%), ≥ 80%, and its training loss falls below half of
    /// the untrained network's (≈ ln 10). Sized to run in a few seconds even in a debug build.
    func testLearnsSyntheticGlyphs() {
        let train = DigitGlyphs.generate(count: 400, seed: 31), test = DigitGlyphs.generate(count: 300, seed: 32)
        let model = DigitClassifier.train(on: train, hidden: 8, epochs: 3, seed: 3, batchSize: 20, learningRate: 3e-3, quiet: true)
        let x = Matrix(rows: train.count, cols: train.pixelsPerImage, storage: train.pixels)
        let before = DigitClassifier(inputs: 784, hidden: 8, seed: 3).lossAndGradient(x, labels: train.labels).loss
        let after = model.lossAndGradient(x, labels: train.labels).loss
        print("glyph classifier: test accuracy \(model.accuracy(on: test)), loss \(before) → \(after)")
        XCTAssertGreaterThanOrEqual(model.accuracy(on: test), 0.8)
        XCTAssertLessThan(after, 0.5 * before)
    }

    /// The scoring classifier must reach ≥ 92% on the MNIST test set (the bar). Trained here exactly as
    /// `cached` trains it (all 60 000 training images, the defaults: H = 128, 6 epochs, seed 1; ~3.5 s in
    /// release); a working MLP of this size reaches ~97%, so ≥ 96% is also required (the SE of an accuracy
    /// near 0.97 on 10 000 images is 0.0017, seed-to-seed spread a few tenths of a percent).
    func testReachesNinetyTwoPercentOnTheMNISTTestSet() throws {
        #if DEBUG
        throw XCTSkip("unoptimised GEMMs make this ~15 min in a debug build; run swift test -c release")
        #else
        guard FileManager.default.fileExists(atPath: Self.mnist) else { throw XCTSkip("MNIST not found at \(Self.mnist)") }
        let train = try MNIST.load(directory: Self.mnist, split: .train)
        let test = try MNIST.load(directory: Self.mnist, split: .test)
        let start = Date()
        let model = DigitClassifier.train(on: train)
        let seconds = Date().timeIntervalSince(start)
        let accuracy = model.accuracy(on: test)
        print("classifier: test accuracy \(accuracy) after \(seconds) s of training on \(train.count) images")
        XCTAssertGreaterThanOrEqual(accuracy, 0.92)
        XCTAssertGreaterThanOrEqual(accuracy, 0.96)
        #endif
    }
}
