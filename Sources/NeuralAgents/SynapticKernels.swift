/// The inner loops of event delivery: a sending neuron's Δ (one value per chain) multiplied into the
/// accumulators of all its partners, written as counted loops over raw pointers so that the loop vectoriser
/// widens the chain loop.
enum SynapticKernels {
    /// Collects the chains whose value moved by more than `threshold` since it was last sent:
    /// `delta[c] = value[c] − sent[c]` (0 for the others; with `accumulate`, `delta[c] += value[c] − sent[c]`
    /// and the others left alone), `sent[c] = value[c]` for the moved ones, their indices into `moved`. With
    /// threshold 0 every change counts. Returns the number moved.
    /// - Complexity: O(B).
    @inline(__always)
    static func sendOnDelta(value: UnsafePointer<Float>, sent: UnsafeMutablePointer<Float>, threshold: Float,
                            chains: Int, delta: UnsafeMutablePointer<Float>, accumulate: Bool = false,
                            moved: UnsafeMutablePointer<Int32>) -> Int {
        var count = 0
        for c in 0..<chains {
            let d = value[c] - sent[c]
            if d.magnitude > threshold || (threshold == 0 && d != 0) {
                delta[c] = accumulate ? delta[c] + d : d
                sent[c] = value[c]
                moved[count] = Int32(truncatingIfNeeded: c)
                count &+= 1
            } else if !accumulate {
                delta[c] = 0
            }
        }
        return count
    }

    /// Whether any chain's value differs from the sent one by more than `threshold` (any change when 0).
    @inline(__always)
    static func anyMoved(value: UnsafePointer<Float>, sent: UnsafePointer<Float>, threshold: Float, chains: Int) -> Bool {
        for c in 0..<chains {
            let d = value[c] - sent[c]
            if d.magnitude > threshold || (threshold == 0 && d != 0) { return true }
        }
        return false
    }

    /// `targets[k·B + c] += weights[k·stride] · delta[c]` for every partner k < `partners` and every moved
    /// chain c: the outer product of one synapse column (stride N: outgoing synapses Jₖᵢ of neuron i) or row
    /// (stride 1: incoming synapses Jᵢⱼ, for errors sent back) with the chain vector of Δ.
    /// When at least a quarter of the chains moved, the chain loop runs over all B (Δ = 0 elsewhere) and is
    /// vectorised; otherwise it visits only the moved chains.
    /// - Complexity: O(partners · moved) multiply-adds.
    static func fanOut(weights: UnsafePointer<Float>, stride: Int, partners: Int, delta: UnsafePointer<Float>,
                       moved: UnsafePointer<Int32>, movedCount: Int, chains: Int,
                       into targets: UnsafeMutablePointer<Float>) {
        guard movedCount > 0 else { return }
        if movedCount &* 4 >= chains {
            var k = 0
            while k < partners {
                let w = weights[k &* stride]
                let row = targets + k &* chains
                for c in 0..<chains { row[c] = row[c].addingProduct(w, delta[c]) }
                k &+= 1
            }
        } else {
            var k = 0
            while k < partners {
                let w = weights[k &* stride]
                let row = targets + k &* chains
                for m in 0..<movedCount {
                    let c = Int(moved[m])
                    row[c] = row[c].addingProduct(w, delta[c])
                }
                k &+= 1
            }
        }
    }

    /// Σ_c a[c]·b[c] with eight independent accumulators (so it vectorises) and a fixed summation order.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD8<Float>()
        var c = 0
        while c &+ 8 <= count {
            let va = UnsafeRawPointer(a + c).loadUnaligned(as: SIMD8<Float>.self)
            let vb = UnsafeRawPointer(b + c).loadUnaligned(as: SIMD8<Float>.self)
            acc = acc.addingProduct(va, vb)
            c &+= 8
        }
        var s = acc.sum()
        while c < count {
            s = s.addingProduct(a[c], b[c])
            c &+= 1
        }
        return s
    }
}
