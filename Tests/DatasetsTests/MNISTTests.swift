import Datasets
import FileFormats
import Foundation
import TestSupport
import XCTest

/// Tests on the real MNIST files at `<repository>/../shared/data/mnist` (or `$NLM_MNIST_DIR`).
/// Reference numbers are MNIST's published facts: 60 000 / 10 000 images, training class sizes
/// 6742 (ones), 6131 (threes), 5918 (sixes), and the mean training pixel 0.1307 (the normalisation
/// constant used throughout the literature, e.g. torchvision's MNIST example).
final class MNISTTests: XCTestCase {
    static let directory = RepositoryPaths.mnist

    private func requireData() throws -> String { try RepositoryPaths.requireMNIST() }

    /// A fresh temporary directory holding symbolic links `name → target` for each pair.
    private func directory(linking links: [(name: String, target: String)]) throws -> String {
        let path = NSTemporaryDirectory() + "mnist-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        for (name, target) in links {
            try FileManager.default.createSymbolicLink(atPath: path + "/" + name, withDestinationPath: target)
        }
        return path
    }

    func testSplitsHaveSixtyThousandAndTenThousandImages() throws {
        let data = try requireData()
        let train = try MNIST.load(directory: data, split: .train)
        let test = try MNIST.load(directory: data, split: .test)
        XCTAssertEqual(train.count, 60_000)
        XCTAssertEqual(test.count, 10_000)
        XCTAssertEqual(train.width, 28)
        XCTAssertEqual(train.height, 28)
        XCTAssertEqual(train.pixels.count, 60_000 * 784)
        XCTAssertEqual(Set(train.labels), Set(0 ... 9))
        XCTAssertEqual(train.select(digits: [1, 3, 6]).labelCounts(), [1: 6742, 3: 6131, 6: 5918])
    }

    func testPixelsAreBytesOver255WithPublishedMean() throws {
        let train = try MNIST.load(directory: try requireData(), split: .train)
        var low: Float = 1, high: Float = 0, sum = 0.0, offGrid = 0
        train.pixels.withUnsafeBufferPointer { pixels in
            for p in pixels {
                low = min(low, p); high = max(high, p); sum += Double(p)
                if (p * 255).rounded() / 255 != p { offGrid += 1 }
            }
        }
        XCTAssertEqual(low, 0)
        XCTAssertEqual(high, 1)
        XCTAssertEqual(offGrid, 0, "pixels that are not a byte over 255")
        XCTAssertEqual(sum / Double(train.pixels.count), 0.1307, accuracy: 0.00005)
    }

    func testDigitSelectionAndLimit() throws {
        let data = try requireData()
        let threes = try MNIST.load(directory: data, split: .train, digits: [1, 3, 6])
        XCTAssertEqual(threes.count, 6742 + 6131 + 5918)
        let limited = try MNIST.load(directory: data, split: .train, digits: [1, 3, 6], limit: 50)
        XCTAssertEqual(limited, threes.prefix(50))
        let all = try MNIST.load(directory: data, split: .train, limit: 500)
        XCTAssertEqual(all.select(digits: [1, 3, 6]), threes.prefix(all.select(digits: [1, 3, 6]).count))
    }

    func testJoinedIsTrainFollowedByTest() throws {
        let data = try requireData()
        let train = try MNIST.load(directory: data, split: .train, digits: [1, 3, 6])
        let test = try MNIST.load(directory: data, split: .test, digits: [1, 3, 6])
        let joined = try MNIST.loadJoined(directory: data, digits: [1, 3, 6])
        XCTAssertEqual(joined.count, train.count + test.count)
        XCTAssertEqual(joined, train.appending(test))
        let across = try MNIST.loadJoined(directory: data, digits: [1, 3, 6], limit: train.count + 10)
        XCTAssertEqual(across, train.appending(test.prefix(10)))
    }

    func testRawAndGzipFilesGiveIdenticalSets() throws {
        let data = try requireData()
        for split in MNIST.Split.allCases {
            let gzipOnly = try directory(linking: [split.imagesFileName, split.labelsFileName].map {
                (name: $0 + ".gz", target: data + "/" + $0 + ".gz")
            })
            XCTAssertEqual(try MNIST.load(directory: gzipOnly, split: split),
                           try MNIST.load(directory: data, split: split), "\(split)")
        }
    }

    func testMissingDirectoryThrowsInputError() {
        XCTAssertThrowsError(try MNIST.load(directory: "/nonexistent/mnist", split: .train)) { error in
            XCTAssertEqual((error as? InputError)?.file, "/nonexistent/mnist")
        }
    }

    func testMissingFileThrowsInputErrorNamingIt() throws {
        let empty = try directory(linking: [])
        XCTAssertThrowsError(try MNIST.load(directory: empty, split: .test)) { error in
            XCTAssertEqual((error as? InputError)?.file, empty + "/t10k-images-idx3-ubyte")
        }
    }

    func testMismatchedCountsThrowInputError() throws {
        let data = try requireData()
        // 10 000 training images with the 60 000 training labels.
        let mixed = try directory(linking: [("t10k-images-idx3-ubyte", data + "/t10k-images-idx3-ubyte"),
                                            ("t10k-labels-idx1-ubyte", data + "/train-labels-idx1-ubyte")])
        XCTAssertThrowsError(try MNIST.load(directory: mixed, split: .test)) { error in
            let inputError = error as? InputError
            XCTAssertEqual(inputError?.file, mixed + "/t10k-labels-idx1-ubyte")
            XCTAssertEqual(inputError?.place, "item count")
        }
    }

    func testWrongShapeThrowsInputError() throws {
        let data = try requireData()
        // A label file (1 dimension) where the images should be.
        let wrong = try directory(linking: [("t10k-images-idx3-ubyte", data + "/t10k-labels-idx1-ubyte"),
                                            ("t10k-labels-idx1-ubyte", data + "/t10k-labels-idx1-ubyte")])
        XCTAssertThrowsError(try MNIST.load(directory: wrong, split: .test)) { error in
            let inputError = error as? InputError
            XCTAssertEqual(inputError?.file, wrong + "/t10k-images-idx3-ubyte")
            XCTAssertEqual(inputError?.place, "dimensions")
        }
    }

    func testLabelOutsideZeroToNineThrowsInputErrorWithOffset() throws {
        let folder = try directory(linking: [])
        // Two 28×28 images and two labels, the second label 12.
        let images: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28] + Array(repeating: 7, count: 2 * 784)
        let labels: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 2, 5, 12]
        try Data(images).write(to: URL(fileURLWithPath: folder + "/train-images-idx3-ubyte"))
        try Data(labels).write(to: URL(fileURLWithPath: folder + "/train-labels-idx1-ubyte"))
        XCTAssertThrowsError(try MNIST.load(directory: folder, split: .train)) { error in
            XCTAssertEqual(error as? InputError, InputError(file: folder + "/train-labels-idx1-ubyte",
                                                            place: "byte 9 (label 1)", expected: "a digit 0–9, found 12"))
        }
        // With a valid label the same files load, with pixel 7/255.
        try Data([0, 0, 8, 1, 0, 0, 0, 2, 5, 9] as [UInt8]).write(to: URL(fileURLWithPath: folder + "/train-labels-idx1-ubyte"))
        let set = try MNIST.load(directory: folder, split: .train)
        XCTAssertEqual(set.labels, [5, 9])
        XCTAssertEqual(set.pixels[783], Float(7) / 255)
    }
}
