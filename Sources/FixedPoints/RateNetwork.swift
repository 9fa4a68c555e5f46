import DenseKernels
import LangevinMachine
import LinearAlgebra

/// A rate network in Double precision, the object whose fixed points are sought:
///
///     F(x)  = −x + J φ(x) + b                   (the velocity of the RNN flow ẋ = F(x); F = −r of the NLM)
///     DF(x) = −I + J diag(φ′(x))                (its Jacobian)
///     E(x)  = ½ ‖F(x)‖²                          (the NLM's energy; its zeros are the fixed points)
///     ∇E    = DFᵀ F                              (so −∇E = −r + φ′ ⊙ Jᵀr, the NLM's force)
///     ∇²E   = DFᵀ DF + diag(φ″(x) ⊙ JᵀF)         (exact Hessian: Σᵢ Fᵢ ∇²Fᵢ with ∇²Fᵢ = diag(Jᵢ· ⊙ φ″))
///
/// J's row i holds the synapses onto neuron i, as in ``LangevinMachine/Parameters``. Every evaluation is
/// O(N²) except the Jacobian products (O(N³) for ``hessian(_:)``).
public struct RateNetwork: Sendable {
    public let neuronCount: Int
    /// J, row-major.
    public let couplings: RealMatrix
    /// Jᵀ, kept for the products Jᵀv.
    let transposedCouplings: RealMatrix
    public let bias: [Double]
    public let activation: Activation

    /// The network of an NLM's parameters (Float widened to Double), with rate function `activation`.
    /// - Throws: ``FixedPointError/invalidInput(_:)`` if a coupling or bias is not finite.
    public init(_ parameters: Parameters, activation: Activation = .tanh) throws(FixedPointError) {
        let n = parameters.neuronCount
        let j: RealMatrix
        do { j = try RealMatrix(rows: n, columns: n, elements: parameters.couplings.storage) } catch {
            throw .invalidInput("couplings: \(error)")
        }
        try self.init(couplings: j, bias: parameters.bias.map(Double.init), activation: activation)
    }

    /// A network from Double couplings J (N × N) and bias b (N entries, or nil for b = 0).
    /// - Throws: ``FixedPointError/invalidInput(_:)`` for a non-square J, a bias of the wrong length or a
    ///   non-finite entry.
    public init(couplings: RealMatrix, bias: [Double]? = nil, activation: Activation = .tanh) throws(FixedPointError) {
        guard couplings.isSquare else {
            throw .invalidInput("couplings: expected a square matrix, got \(couplings.rows)×\(couplings.columns)")
        }
        let n = couplings.rows
        let b = bias ?? [Double](repeating: 0, count: n)
        guard b.count == n else { throw .invalidInput("bias: expected \(n) entries, got \(b.count)") }
        if let p = couplings.firstNonFiniteEntry {
            throw .invalidInput("couplings: entry (\(p.row), \(p.column)): expected a finite number")
        }
        if let i = b.firstIndex(where: { !$0.isFinite }) { throw .invalidInput("bias: entry \(i): expected a finite number") }
        self.neuronCount = n
        self.couplings = couplings
        self.transposedCouplings = couplings.transposed
        self.bias = b
        self.activation = activation
    }

    /// F(x) = −x + Jφ(x) + b. O(N²).
    public func field(_ x: [Double]) -> [Double] {
        let phi = x.map(activation.value)
        var f = (try? couplings.multiplied(by: phi)) ?? []
        for i in 0..<neuronCount { f[i] += bias[i] - x[i] }
        return f
    }

    /// E(x) = ½‖F(x)‖². O(N²).
    public func energy(_ x: [Double]) -> Double { Self.halfSquaredNorm(field(x)) }

    /// DF(x) = −I + J diag(φ′(x)), row-major. O(N²).
    public func jacobian(_ x: [Double]) -> RealMatrix {
        let n = neuronCount
        let slope = x.map { activation.derivatives($0).slope }
        var a = couplings.elements
        a.withUnsafeMutableBufferPointer { a in
            slope.withUnsafeBufferPointer { s in
                for i in 0..<n {
                    let row = a.baseAddress! + i &* n
                    for j in 0..<n { row[j] *= s[j] }
                    row[i] -= 1
                }
            }
        }
        return try! RealMatrix(rows: n, columns: n, elements: a)   // count is n² by construction
    }

    /// ∇E(x) = DFᵀF = −F + φ′ ⊙ JᵀF, given F = F(x). O(N²).
    public func energyGradient(_ x: [Double], field f: [Double]) -> [Double] {
        var g = (try? transposedCouplings.multiplied(by: f)) ?? []
        for i in 0..<neuronCount { g[i] = activation.derivatives(x[i]).slope * g[i] - f[i] }
        return g
    }

    /// The exact Hessian ∇²E(x) = DFᵀDF + diag(φ″(x) ⊙ JᵀF). O(N³).
    public func hessian(_ x: [Double]) throws(FixedPointError) -> RealMatrix {
        let df = jacobian(x), f = field(x)
        var h: RealMatrix
        do { h = try df.transposed.multiplied(by: df) } catch { throw .invalidInput("\(error)") }
        let jtf = (try? transposedCouplings.multiplied(by: f)) ?? []
        var e = h.elements
        for i in 0..<neuronCount { e[i * neuronCount + i] += activation.derivatives(x[i]).curvature * jtf[i] }
        return try! RealMatrix(rows: neuronCount, columns: neuronCount, elements: e)
    }

    static func halfSquaredNorm(_ v: [Double]) -> Double {
        let n = euclideanNorm(v)
        return 0.5 * n * n
    }

    static func maxNorm(_ v: [Double]) -> Double { v.reduce(0) { Swift.max($0, Swift.abs($1)) } }
}
