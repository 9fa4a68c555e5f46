/// Gaussian and uniform values from the counter-based streams, one at a time or in bulk.
///
/// Contract (shared with the neuron agents, which call the scalar accessors): Gaussian value `index` of a
/// stream comes from Philox block `m = index / 4` with words `w0…w3`. Lane 0 is `√(−2 ln u₀) cos 2πu₁`,
/// lane 1 is `√(−2 ln u₀) sin 2πu₁`, and lanes 2 and 3 are the same from `(u₂, u₃)`, where
/// `uᵢ = Philox4x32.uniform(wᵢ)`. The transform is ``BoxMuller/pair(_:_:)``; the bulk fills produce values that
/// are bit-identical to the scalar accessors for any start offset and length.
///
/// Speed: the bulk fill runs in passes over an L1-sized block of 256 Philox blocks: Philox on 16 counters
/// at a time in explicit `SIMD16<UInt32>` lanes (32×32→64-bit products as `vpmuludq`), then the
/// branch-free Box–Muller transform as a scalar loop the loop vectorizer widens, then a SIMD 4×8
/// transpose into stream order. Measured on an AMD EPYC Zen 3 core (AVX2, release build): 0.54 G
/// Gaussians/s and 1.2 G uniforms/s, about half of the time in Philox and half in the transform (numpy's
/// `standard_normal`, float32, PCG64 or Philox: 0.09–0.10 G/s).
extension RandomStream {
    /// Gaussian value number `index` (mean 0, variance 1), per the contract above.
    @inlinable
    public func gaussian(_ index: UInt64) -> Float {
        let w = block(index >> 2)
        let pair = (index & 2) == 0 ? BoxMuller.pair(w.x, w.y) : BoxMuller.pair(w.z, w.w)
        return (index & 1) == 0 ? pair.0 : pair.1
    }

    /// Writes Gaussian values `index, index + 1, …, index + out.count − 1` into `out`.
    ///
    /// Bit-identical to calling ``gaussian(_:)`` for each index. - Complexity: O(`out.count`).
    public func fillGaussian(_ out: UnsafeMutableBufferPointer<Float>, startingAt index: UInt64) {
        fill(out, startingAt: index, gaussian: true)
    }

    /// Writes uniform values `index, …, index + out.count − 1` (see ``uniform(_:)``) into `out`.
    ///
    /// Bit-identical to calling ``uniform(_:)`` for each index. - Complexity: O(`out.count`).
    public func fillUniform(_ out: UnsafeMutableBufferPointer<Float>, startingAt index: UInt64) {
        fill(out, startingAt: index, gaussian: false)
    }

    /// Fills an array-backed buffer with Gaussian values starting at `index` (convenience).
    public func fillGaussian(_ out: inout [Float], startingAt index: UInt64) {
        out.withUnsafeMutableBufferPointer { fillGaussian($0, startingAt: index) }
    }

    @usableFromInline
    internal func fill(_ out: UnsafeMutableBufferPointer<Float>, startingAt index: UInt64, gaussian: Bool) {
        guard let base = out.baseAddress, out.count > 0 else { return }
        let n = out.count
        var done = 0
        var next = index
        // Head: values up to the first block boundary.
        while done < n && (next & 3) != 0 {
            base[done] = gaussian ? self.gaussian(next) : uniform(next)
            done += 1; next &+= 1
        }
        // Body: whole blocks, `chunkBlocks` at a time, through a stack buffer of raw words.
        let chunkBlocks = PhiloxLanes.chunkBlocks
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 4 * chunkBlocks + 32) { words in
            let w = words.baseAddress!
            while n - done >= 4 {
                let blocks = min(chunkBlocks, (n - done) / 4)
                PhiloxLanes.blocks(seed: seed, stream: stream, firstBlock: next >> 2, count: blocks, into: w)
                let stride = (blocks + 15) & ~15
                if gaussian {
                    BoxMuller.transformBlocks(w, stride: stride, count: blocks, into: base + done)
                } else {
                    PhiloxLanes.uniforms(w, stride: stride, count: blocks, into: base + done)
                }
                done += 4 * blocks
                next &+= UInt64(4 * blocks)
            }
        }
        // Tail.
        while done < n {
            base[done] = gaussian ? self.gaussian(next) : uniform(next)
            done += 1; next &+= 1
        }
    }
}

/// Philox4x32-10 on many consecutive counters, written for the loop vectorizer.
@usableFromInline
internal enum PhiloxLanes {
    /// Blocks per pass: 256 blocks = 4 KiB of words, which stays in L1 between the two passes.
    @usableFromInline static let chunkBlocks = 256

    /// Words of blocks `firstBlock ..< firstBlock + count` in structure-of-arrays layout:
    /// word `i` of block `firstBlock + j` goes to `out[i * count + j]`. The last group of 16 lanes is
    /// always written in full, so `out` must hold `4 * roundUp(count, 16)` words; the row stride is
    /// `roundUp(count, 16)`.
    ///
    /// Sixteen counters run side by side in `SIMD16<UInt32>` lanes (two independent ymm chains on AVX2, which hides the multiply latency; one zmm on AVX-512). The 32×32→64-bit Philox products are
    /// formed from two `vpmuludq` on the even and odd lanes viewed as `SIMD8<UInt64>`, then split into
    /// high and low words with shifts and blends; all of these are single instructions.
    @usableFromInline
    static func blocks(seed: UInt64, stream: UInt64, firstBlock: UInt64, count: Int,
                       into out: UnsafeMutablePointer<UInt32>) {
        let stride = (count + 15) & ~15
        let key = SIMD2(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
        let c2 = SIMD16<UInt32>(repeating: UInt32(truncatingIfNeeded: stream))
        let c3 = SIMD16<UInt32>(repeating: UInt32(truncatingIfNeeded: stream >> 32))
        let raw = UnsafeMutableRawPointer(out)
        let laneOffsets = SIMD16<UInt64>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        // Local copies: reading the `static let`s inside the round loop costs a `swift_once` check each time
        // and keeps the rounds from being unrolled.
        let multiplier0: UInt32 = 0xD251_1F53, multiplier1: UInt32 = 0xCD9E_8D57
        let weyl = SIMD2<UInt32>(0x9E37_79B9, 0xBB67_AE85)
        var j = 0
        while j < count {
            let m = SIMD16<UInt64>(repeating: firstBlock &+ UInt64(truncatingIfNeeded: j)) &+ laneOffsets
            var x0 = SIMD16<UInt32>(truncatingIfNeeded: m)
            var x1 = SIMD16<UInt32>(truncatingIfNeeded: m &>> 32)
            var x2 = c2, x3 = c3
            var k = key
            for round in 0..<10 {
                if round > 0 { k &+= weyl }
                let (h0, l0) = mulWide(x0, multiplier0)
                let (h1, l1) = mulWide(x2, multiplier1)
                let n0 = h1 ^ x1 ^ SIMD16(repeating: k.x)
                let n2 = h0 ^ x3 ^ SIMD16(repeating: k.y)
                x0 = n0; x1 = l1; x2 = n2; x3 = l0
            }
            let byteOffset = j &* 4
            raw.storeBytes(of: x0, toByteOffset: byteOffset, as: SIMD16<UInt32>.self)
            raw.storeBytes(of: x1, toByteOffset: byteOffset &+ 4 &* stride, as: SIMD16<UInt32>.self)
            raw.storeBytes(of: x2, toByteOffset: byteOffset &+ 8 &* stride, as: SIMD16<UInt32>.self)
            raw.storeBytes(of: x3, toByteOffset: byteOffset &+ 12 &* stride, as: SIMD16<UInt32>.self)
            j &+= 16
        }
    }

    /// Lane-wise 32×32→64-bit product split into high and low words.
    @inlinable @inline(__always)
    static func mulWide(_ a: SIMD16<UInt32>, _ m: UInt32) -> (hi: SIMD16<UInt32>, lo: SIMD16<UInt32>) {
        let a64 = unsafeBitCast(a, to: SIMD8<UInt64>.self)
        let low32 = SIMD8<UInt64>(repeating: 0xFFFF_FFFF)
        let even = (a64 & low32) &* SIMD8(repeating: UInt64(m))
        let odd = (a64 &>> 32) &* SIMD8(repeating: UInt64(m))
        let hi = (even &>> 32) | (odd & ~low32)
        let lo = (even & low32) | (odd &<< 32)
        return (unsafeBitCast(hi, to: SIMD16<UInt32>.self), unsafeBitCast(lo, to: SIMD16<UInt32>.self))
    }

    /// Uniforms from structure-of-arrays words back into stream order (convert in place, then transpose).
    @usableFromInline
    static func uniforms(_ words: UnsafeMutablePointer<UInt32>, stride: Int, count blocks: Int,
                         into out: UnsafeMutablePointer<Float>) {
        let z = UnsafeMutableRawPointer(words).assumingMemoryBound(to: Float.self)
        var j = 0
        while j < 4 &* stride {
            z[j] = Philox4x32.uniform(words[j])
            j &+= 1
        }
        interleave4(z, stride: stride, count: blocks, into: out)
    }
}

extension BoxMuller {
    /// The transform pass. Block `j`'s words (structure-of-arrays with row stride `stride`, see
    /// `PhiloxLanes.blocks`) become four Gaussians at `out[4j ..< 4j + 4]`.
    ///
    /// Two steps so that every loop has unit-stride loads and stores (a stride-4 store makes the loop
    /// vectorizer's cost model give up): the branch-free transform writes the four lanes into four
    /// rows of `words` reinterpreted as `Float` (in place), then a SIMD 4×8 transpose interleaves them.
    @usableFromInline
    static func transformBlocks(_ words: UnsafeMutablePointer<UInt32>, stride: Int, count: Int,
                                into out: UnsafeMutablePointer<Float>) {
        let w1 = words + stride, w2 = words + 2 * stride, w3 = words + 3 * stride
        let z = UnsafeMutableRawPointer(words).assumingMemoryBound(to: Float.self)
        let z1 = z + stride, z2 = z + 2 * stride, z3 = z + 3 * stride
        // Two independent halves per iteration: each transform is one long dependency chain (the log
        // polynomial alone is nine fused multiply-adds deep), and the vectorizer does not interleave
        // iterations by itself, so pairing blocks j and j + half doubles the work in flight.
        let half = stride / 2
        var j = 0
        while j < half {
            let k = j &+ half
            let a = pair(words[j], w1[j])
            let b = pair(w2[j], w3[j])
            let c = pair(words[k], w1[k])
            let d = pair(w2[k], w3[k])
            z[j] = a.0; z1[j] = a.1; z2[j] = b.0; z3[j] = b.1
            z[k] = c.0; z1[k] = c.1; z2[k] = d.0; z3[k] = d.1
            j &+= 1
        }
        PhiloxLanes.interleave4(z, stride: stride, count: count, into: out)
    }
}

extension PhiloxLanes {
    /// `out[4j + i] = rows[i * stride + j]` for `j < count`: a 4×8 transpose per group of eight.
    @usableFromInline
    static func interleave4(_ rows: UnsafeMutablePointer<Float>, stride: Int, count: Int,
                            into out: UnsafeMutablePointer<Float>) {
        var j = 0
        while j &+ 8 <= count {
            let r0 = UnsafeRawPointer(rows + j).loadUnaligned(as: SIMD8<UInt32>.self)
            let r1 = UnsafeRawPointer(rows + (j &+ stride)).loadUnaligned(as: SIMD8<UInt32>.self)
            let r2 = UnsafeRawPointer(rows + (j &+ 2 &* stride)).loadUnaligned(as: SIMD8<UInt32>.self)
            let r3 = UnsafeRawPointer(rows + (j &+ 3 &* stride)).loadUnaligned(as: SIMD8<UInt32>.self)
            let o = UnsafeMutableRawPointer(out + 4 &* j)
            for q in 0..<4 {
                let a = 2 &* q, b = a &+ 1
                let v = SIMD8<UInt32>(r0[a], r1[a], r2[a], r3[a], r0[b], r1[b], r2[b], r3[b])
                o.storeBytes(of: v, toByteOffset: 32 &* q, as: SIMD8<UInt32>.self)
            }
            j &+= 8
        }
        while j < count {
            let o = out + 4 &* j
            o[0] = rows[j]; o[1] = rows[j &+ stride]; o[2] = rows[j &+ 2 &* stride]; o[3] = rows[j &+ 3 &* stride]
            j &+= 1
        }
    }
}
