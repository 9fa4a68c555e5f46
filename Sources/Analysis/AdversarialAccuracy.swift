import DenseKernels

/// The adversarial accuracy indicator (Yale et al. 2020, as the NLM paper uses it): pool n real and n
/// generated samples, find each one's nearest neighbour in the pool (Euclidean, excluding itself);
/// acc_S = share of real samples whose neighbour is real, acc_T = share of generated samples whose neighbour is
/// generated, and E_AAI = ½[(acc_S − ½)² + (acc_T − ½)²]. 0: indistinguishable; memorised copies give
/// acc_T ≈ 0 (each copy's neighbour is its training image); poor samples give acc_S, acc_T ≈ 1.
///
/// The paper uses n real = n generated; unequal sizes are accepted (each accuracy is a share of its own
/// set, but chance levels then differ from ½). Both sets must be in the same space (the experiments use
/// pixels in [0, 1]). Nearest neighbours by ``NearestNeighbours/search(queries:references:excludingSelf:)``
/// on the pooled 2n rows: O((2n)²·d) flops in GEMM (n = 1000, d = 784: ~6 GFLOP, well under a second).
/// For a share from n trials the sampling SE is √(acc(1 − acc)/n) (≈ 0.016 at n = 1000, acc = ½).
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
