import Datasets
import DenseKernels
import ReservoirSampling
import TestSupport
import XCTest

final class ProjectedImagesTests: XCTestCase {
    /// Whitened training scores have mean 0 and variance 1 per component (exactly, up to float rounding: they
    /// are the data's own principal scores over their own standard deviations), the held-out scores are
    /// finite, and decoding a training image's scores gives its projection μ + VᵀV(x − μ), which is closer
    /// to the image than the mean image is.
    func testWhitenedScoresHaveUnitVarianceAndDecodeToTheProjection() throws {
        let mnist = try RepositoryPaths.requireMNIST()
        let p = try ProjectedImages(mnist: mnist, digits: [1, 7], images: 600, components: 6)
        XCTAssertEqual(p.training.cols, 6)
        XCTAssertEqual(p.training.rows, 600)
        for c in 0..<6 {
            let v = (0..<p.training.rows).map { Double(p.training[$0, c]) }
            let mean = v.reduce(0, +) / Double(v.count)
            XCTAssertEqual(mean, 0, accuracy: 1e-4)
            XCTAssertEqual(v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1), 1, accuracy: 1e-3)
        }
        XCTAssertTrue(p.heldOut.storage.allSatisfy(\.isFinite))
        let first = Matrix(rows: 1, cols: 6, storage: Array(p.training.storage.prefix(6)))
        let decoded = p.images(first)[0]
        XCTAssertEqual(decoded.count, 784)
        let target = RSNTarget.projected(p)
        XCTAssertEqual(target.dimension, 6)
        XCTAssertEqual(target.reference(50, seed: 3).rows, 50)
        XCTAssertEqual(target.sample(40, seed: 3).rows, 40)
        // Decoding the zero vector gives the mean image; a training image's scores decode nearer to the image.
        let meanImage = p.images(Matrix(rows: 1, cols: 6))[0]
        XCTAssertEqual(meanImage, p.components.mean)
        let image = try MNIST.load(directory: mnist, split: .train, digits: [1, 7], limit: 600).image(0)
        func distance(_ a: [Float]) -> Float { zip(a, image).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        XCTAssertLessThan(distance(decoded), distance(meanImage))
    }
}
