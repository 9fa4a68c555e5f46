import DenseKernels
import Dispatch
import Foundation

/// Exact quantities of small machines (n ≤ 20 units) by visiting all 2ⁿ states.
///
/// State number s has unit i on when bit i of s is set. The states are visited in Gray-code order, so
/// consecutive states differ in one unit i and −E changes by −ΔE = −(2sᵢ − 1)uᵢ (the same single-flip energy
/// change MPF uses); the inputs u are then updated by one column of W: O(n) per state. The top two bits
/// split the work into four parts run concurrently (each part owns a disjoint quarter of the table).
/// Everything is in double precision. An asymmetric machine is enumerated with its symmetric part.
public enum ExactEnumeration {
    public static let maxUnits = 20

    /// −E(s) for every state s in 0..<2ⁿ.
    public static func negativeEnergies(_ model: BoltzmannMachine) -> [Double] {
        let n = model.unitCount
        precondition(n <= maxUnits, "exact enumeration is limited to \(maxUnits) units, the model has \(n)")
        var symmetric = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { symmetric[i * n + j] = 0.5 * Double(model.weights[i, j] + model.weights[j, i]) } }
        let w = symmetric
        let b = model.bias.map(Double.init)
        let fixedBits = min(2, n), low = n - fixedBits
        var table = [Double](repeating: 0, count: 1 << n)
        table.withUnsafeMutableBufferPointer { buffer in
            let out = SendablePointer(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: 1 << fixedBits) { prefix in
                // Start at the state whose top bits are `prefix` and low bits zero.
                var s = prefix << low
                var u = b
                var negE = 0.0
                for i in 0..<n where (s >> i) & 1 == 1 {
                    negE += b[i]
                    for j in 0..<n { u[j] += w[j * n + i] }
                }
                for i in low..<n where (s >> i) & 1 == 1 { for j in low..<n where (s >> j) & 1 == 1 && j > i { negE += w[i * n + j] } }
                out.base[s] = negE
                for k in 1..<(1 << low) {
                    let i = k.trailingZeroBitCount
                    let on = (s >> i) & 1 == 1
                    negE -= on ? u[i] : -u[i]       // −ΔE = −(2sᵢ − 1)uᵢ, uᵢ excluding the self term (Wᵢᵢ = 0)
                    s ^= 1 << i
                    let d = on ? -1.0 : 1.0
                    for j in 0..<n { u[j] += d * w[j * n + i] }
                    out.base[s] = negE
                }
            }
        }
        return table
    }

    /// log Z = log Σₛ e^{−E(s)}.
    public static func logPartition(_ model: BoltzmannMachine) -> Double {
        BinaryUnits.logSumExp(negativeEnergies(model))
    }

    /// log p(s) for every state.
    public static func logProbabilities(_ model: BoltzmannMachine) -> [Double] {
        let negE = negativeEnergies(model)
        let logZ = BinaryUnits.logSumExp(negE)
        return negE.map { $0 - logZ }
    }

    /// log p(v) = log Σ_h p(v, h) for every visible state v in 0..<2^{nv}.
    public static func visibleLogMarginals(_ model: BoltzmannMachine) -> [Double] {
        let logp = logProbabilities(model)
        let nv = model.visibleCount, nh = model.unitCount - nv
        guard nh > 0 else { return logp }
        return (0..<(1 << nv)).map { v in BinaryUnits.logSumExp((0..<(1 << nh)).map { h in logp[v | h << nv] }) }
    }

    /// The mean of log p(v) over the columns of `data` (nv × B, binary).
    public static func logLikelihood(_ model: BoltzmannMachine, data: Matrix) -> Double {
        let marginals = visibleLogMarginals(model)
        return (0..<data.cols).reduce(0.0) { $0 + marginals[stateNumber(data, column: $1)] } / Double(data.cols)
    }

    /// The state number of column c of a binary batch.
    public static func stateNumber(_ x: Matrix, column c: Int) -> Int {
        (0..<x.rows).reduce(0) { $0 | (x[$1, c] > 0.5 ? 1 << $1 : 0) }
    }

    /// Every state of n units as the columns of an n × 2ⁿ matrix (column s = state number s).
    public static func allStates(units n: Int) -> Matrix {
        var x = Matrix(rows: n, cols: 1 << n)
        for s in 0..<(1 << n) { for i in 0..<n where (s >> i) & 1 == 1 { x[i, s] = 1 } }
        return x
    }

    /// The population MPF objective K = Σₛ p_D(s) Σᵢ exp(−½(2sᵢ − 1)uᵢ(s)) of a fully visible machine under a
    /// data distribution given as probabilities of all 2ⁿ states, in double precision.
    public static func flowObjective(_ model: BoltzmannMachine, dataProbabilities p: [Double]) -> Double {
        let n = model.unitCount
        precondition(p.count == 1 << n, "one probability per state")
        var total = 0.0
        for s in 0..<(1 << n) where p[s] > 0 {
            for i in 0..<n {
                var u = Double(model.bias[i])
                for j in 0..<n where (s >> j) & 1 == 1 { u += Double(model.weights[i, j]) }
                total += p[s] * Foundation.exp(-0.5 * Double(2 * ((s >> i) & 1) - 1) * u)
            }
        }
        return total
    }
}

/// A pointer handed to the concurrent parts (each writes its own disjoint range).
struct SendablePointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
    init(_ base: UnsafeMutablePointer<Double>) { self.base = base }
}
