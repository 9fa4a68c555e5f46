import DenseKernels

/// The adversarial accuracy indicator (Yale et al. 2020, as the NLM paper uses it): pool n real and n
/// generated samples, find each one's nearest neighbour in the pool (Euclidean, excluding itself);
/// acc_S = share of real samples whose neighbour is real, acc_T = share of generated samples whose neighbour is
/// generated, and E_AAI = ½[(acc_S − ½)² + (acc_T − ½)²]. 0: indistinguishable; memorised copies give
/// acc_T ≈ 0 (each copy's neighbour is its training image); poor samples give acc_S, acc_T ≈ 1.
public enum AdversarialAccuracy {
    public static func evaluate(real: Matrix, generated: Matrix) -> (accS: Double, accT: Double, error: Double) {
        precondition(real.cols == generated.cols && real.rows >= 1 && generated.rows >= 1, "two non-empty sets of the same dimension")
        let pool = Matrix(rows: real.rows + generated.rows, cols: real.cols, storage: real.storage + generated.storage)
        let neighbours = NearestNeighbours.search(queries: pool, references: pool, excludingSelf: true).indices
        var realToReal = 0, generatedToGenerated = 0
        for i in 0..<real.rows where neighbours[i] < real.rows { realToReal += 1 }
        for i in real.rows..<pool.rows where neighbours[i] >= real.rows { generatedToGenerated += 1 }
        let accS = Double(realToReal) / Double(real.rows), accT = Double(generatedToGenerated) / Double(generated.rows)
        return (accS, accT, 0.5 * ((accS - 0.5) * (accS - 0.5) + (accT - 0.5) * (accT - 0.5)))
    }
}

/// The second-moment error of the NLM paper: E⁽²⁾ = mean over the d² entries of (C_real − C_generated)², with
/// C the centred covariance (divisor n − 1) of each set's rows, accumulated in double.
public enum SecondMomentError {
    public static func between(real: Matrix, generated: Matrix) -> Double {
        precondition(real.cols == generated.cols && real.rows >= 2 && generated.rows >= 2, "two sets of ≥ 2 rows of the same dimension")
        let a = covariance(real), b = covariance(generated)
        var s = 0.0
        for k in 0..<a.count { let e = a[k] - b[k]; s += e * e }
        return s / Double(a.count)
    }

    /// Centred covariance (divisor n − 1) of the rows of `m`, d × d row-major, in double.
    public static func covariance(_ m: Matrix) -> [Double] {
        let n = m.rows, d = m.cols
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for k in 0..<d { mean[k] += Double(m.storage[i * d + k]) } }
        for k in 0..<d { mean[k] /= Double(n) }
        var c = [Double](repeating: 0, count: d * d)
        var row = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for k in 0..<d { row[k] = Double(m.storage[i * d + k]) - mean[k] }
            for p in 0..<d {
                let v = row[p]
                if v == 0 { continue }
                for q in p..<d { c[p * d + q] += v * row[q] }
            }
        }
        for p in 0..<d {
            for q in p..<d {
                c[p * d + q] /= Double(n - 1)
                c[q * d + p] = c[p * d + q]
            }
        }
        return c
    }
}
