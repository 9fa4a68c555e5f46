import XCTest
import Datasets
import DenseKernels
import Experiments
import LangevinMachine

final class DenoisingTests: XCTestCase {
    func testFlipCorruptionNegatesExactlyTheFractionOfPixels() {
        let images = DigitGlyphs.generate(count: 5, digits: [3], seed: 2)
        let corrupted = Denoiser.corrupt(images, fraction: 0.2, mode: .flip, seed: 1, level: 0)
        for c in 0..<images.count {
            let original = images.image(c).map { 2 * $0 - 1 }
            var flipped = 0
            for i in 0..<784 where corrupted[i, c] != original[i] {
                XCTAssertEqual(corrupted[i, c], -original[i])
                flipped += 1
            }
            // Pixels with rate exactly 0 cannot change when negated, so at most round(0.2·784) = 157 differ.
            XCTAssertLessThanOrEqual(flipped, 157)
            XCTAssertGreaterThan(flipped, 150)
        }
    }

    func testCorruptionIsReproducibleAndDiffersBetweenLevels() {
        let images = DigitGlyphs.generate(count: 3, digits: [1], seed: 4)
        XCTAssertEqual(Denoiser.corrupt(images, fraction: 0.3, mode: .noise, seed: 9, level: 1),
                       Denoiser.corrupt(images, fraction: 0.3, mode: .noise, seed: 9, level: 1))
        XCTAssertNotEqual(Denoiser.corrupt(images, fraction: 0.3, mode: .flip, seed: 9, level: 1),
                          Denoiser.corrupt(images, fraction: 0.3, mode: .flip, seed: 9, level: 2))
    }

    /// A machine whose only fixed point is the stored image restores it: with J = 0 and b equal to the
    /// image's membrane values, E = ½‖x − b‖², so zero-temperature dynamics relaxes every corrupted start to b.
    func testTrivialMachineRestoresItsStoredImage() {
        let images = DigitGlyphs.generate(count: 1, digits: [6], seed: 3)
        let encoding = PixelEncoding.atanh(epsilon: 0.03)
        let p = Parameters(couplings: Matrix(rows: 784, cols: 784), bias: images.image(0).map { encoding.encode($0) })
        var spec = NetworkSpec.Denoising()
        spec.temperature = 0
        spec.steps = 1000
        spec.dt = 0.05
        spec.images = 1
        let result = Denoiser.run(p, images: images, encoding: encoding, spec, seed: 1)
        for level in result {
            XCTAssertGreaterThan(level.result.mseBefore, 0.1)
            // After t = 50 time units the residual has decayed by e^-50; what is left is the clip of the encoding
            // (rates ±0.97 instead of ±1): at most 0.03² per pixel.
            XCTAssertLessThan(level.result.mseAfter, 0.0009 + 1e-5)
        }
    }
}
