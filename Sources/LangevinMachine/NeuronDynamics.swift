/// The Neural Langevin Machine written for one neuron: the formulas that a neuron agent evaluates on its own
/// events and that the dense path evaluates for a whole batch, row by row. Both paths call these functions,
/// so they cannot drift apart.
///
/// Notation (Yu, Huang & Huang 2025): state x ∈ Rᴺ, rates φ(x) = tanh(x), couplings J (row i = synapses onto
/// neuron i), bias b.
///
///     forward drive   hᵢ = Σⱼ Jᵢⱼ φ(xⱼ)
///     residual        rᵢ = xᵢ − hᵢ − bᵢ               (the "speed" of dx/dt = −x + Jφ(x) + b)
///     feedback        fᵢ = Σₖ Jₖᵢ rₖ                   (residuals of i's targets sent back through i's outgoing synapses)
///     energy          E  = ½ Σᵢ rᵢ²
///     force           −∂E/∂xᵢ = −rᵢ + φ′(xᵢ) fᵢ        (the second term is the Onsager-like feedback)
///     learning signal −∂E/∂Jᵢⱼ = rᵢ φ(xⱼ)             (postsynaptic residual × presynaptic rate: local)
public enum NeuronDynamics {
    /// rᵢ = xᵢ − hᵢ − bᵢ.
    @inlinable @inline(__always)
    public static func residual(membrane x: Float, drive h: Float, bias b: Float) -> Float {
        x - h - b
    }

    /// −∂E/∂xᵢ = −rᵢ + φ′(xᵢ) fᵢ.
    @inlinable @inline(__always)
    public static func force(residual r: Float, slope dphi: Float, feedback f: Float) -> Float {
        dphi * f - r
    }

    /// One Euler–Maruyama step of dxᵢ = −∂E/∂xᵢ dt + √(2T) dWᵢ over an interval `dt`:
    ///
    ///     xᵢ ← xᵢ + dt·(−rᵢ + φ′(xᵢ) fᵢ) + √(2T·dt)·ξ,   ξ ~ N(0, 1).
    ///
    /// `noiseScale` is √(2T·dt), computed once by the caller.
    @inlinable @inline(__always)
    public static func eulerMaruyama(membrane x: Float, residual r: Float, slope dphi: Float, feedback f: Float,
                                     dt: Float, noiseScale: Float, noise xi: Float) -> Float {
        x + dt * force(residual: r, slope: dphi, feedback: f) + noiseScale * xi
    }

    /// The contribution rᵢ²/2 of neuron i to the energy.
    @inlinable @inline(__always)
    public static func energy(residual r: Float) -> Float {
        0.5 * r * r
    }

    /// The local learning signal of synapse (i ← j): −∂E/∂Jᵢⱼ = rᵢ φⱼ. Maximum likelihood moves Jᵢⱼ along
    /// (⟨rᵢφⱼ⟩_data − ⟨rᵢφⱼ⟩_model)/T.
    @inlinable @inline(__always)
    public static func learningSignal(postsynapticResidual r: Float, presynapticRate phi: Float) -> Float {
        r * phi
    }
}
