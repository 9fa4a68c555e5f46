/// The inner loops of event delivery: send-on-delta of a neuron's chain vector and the AXPY that carries
/// one moved value to all partners, over raw pointers with explicit SIMD8 lanes.
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

    /// Whether any chain's value differs from the sent one by more than `threshold` (any change when 0):
    /// max_c |value[c] − sent[c]| > threshold, a branch-free reduction that vectorises.
    @inline(__always)
    static func anyMoved(value: UnsafePointer<Float>, sent: UnsafePointer<Float>, threshold: Float, chains: Int) -> Bool {
        var worst: Float = 0
        for c in 0..<chains { worst = Swift.max(worst, (value[c] - sent[c]).magnitude) }
        return worst > threshold
    }

    /// y[k] += alpha · x[k] for k < count (eight lanes at a time).
    @inline(__always)
    static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        let va = SIMD8<Float>(repeating: alpha)
        var k = 0
        while k &+ 8 <= count {
            let vx = UnsafeRawPointer(x + k).loadUnaligned(as: SIMD8<Float>.self)
            let vy = UnsafeRawPointer(y + k).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(y + k).storeBytes(of: vy.addingProduct(va, vx), as: SIMD8<Float>.self)
            k &+= 8
        }
        while k < count {
            y[k] = y[k].addingProduct(alpha, x[k])
            k &+= 1
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
