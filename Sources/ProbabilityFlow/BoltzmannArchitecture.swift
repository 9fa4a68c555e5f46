/// Which units of a binary Boltzmann machine are connected.
///
/// Units are numbered layer after layer: layer 0 holds the visible units (the data), layers 1, 2, … hidden
/// units. Unit i and unit j ≠ i are connected when their layers are adjacent, or when they share a layer whose
/// `intraLayer` flag is set. One representation covers every model of the issue:
/// - fully visible Boltzmann machine: one layer, intra-layer connections;
/// - restricted Boltzmann machine (RBM): layers [v, h], no intra-layer connections;
/// - deep Boltzmann machine (DBM): layers [v, h₁, h₂, …], optionally with hidden–hidden connections
///   inside each hidden layer ("semi-restricted" hidden layers, as VPF allows).
///
/// The couplings themselves are a dense n × n matrix masked by ``mask`` (see ``BoltzmannMachine``); dense
/// products visit only the connected layer blocks (``blocks``), so the masked zeros cost nothing.
public struct BoltzmannArchitecture: Sendable, Equatable {
    /// Units per layer; `layers[0]` is the visible layer.
    public let layers: [Int]
    /// Whether each layer has connections among its own units.
    public let intraLayer: [Bool]

    public init(layers: [Int], intraLayer: [Bool]) {
        precondition(!layers.isEmpty && layers.count == intraLayer.count && layers.allSatisfy { $0 > 0 },
                     "BoltzmannArchitecture: one positive size and one intra-layer flag per layer")
        self.layers = layers
        self.intraLayer = intraLayer
    }

    /// n visible units, all pairs connected.
    public static func fullyVisible(_ n: Int) -> BoltzmannArchitecture {
        BoltzmannArchitecture(layers: [n], intraLayer: [true])
    }

    /// An RBM (bipartite visible–hidden), or with `intraHidden` a semi-restricted one with hidden–hidden links.
    public static func restricted(visible: Int, hidden: Int, intraHidden: Bool = false) -> BoltzmannArchitecture {
        BoltzmannArchitecture(layers: [visible, hidden], intraLayer: [false, intraHidden])
    }

    /// A DBM with the given hidden layers.
    public static func deep(visible: Int, hidden: [Int], intraHidden: Bool = false) -> BoltzmannArchitecture {
        BoltzmannArchitecture(layers: [visible] + hidden, intraLayer: [false] + hidden.map { _ in intraHidden })
    }

    public var unitCount: Int { layers.reduce(0, +) }
    public var visibleCount: Int { layers[0] }
    public var hiddenCount: Int { unitCount - visibleCount }

    /// The index range of each layer.
    public var layerRanges: [Range<Int>] {
        var start = 0
        return layers.map { size in defer { start += size }; return start..<(start + size) }
    }

    /// The layer of unit i.
    public func layer(of i: Int) -> Int {
        layerRanges.firstIndex { $0.contains(i) }!
    }

    /// Whether synapse i ← j exists.
    public func connected(_ i: Int, _ j: Int) -> Bool {
        guard i != j else { return false }
        let a = layer(of: i), b = layer(of: j)
        return abs(a - b) == 1 || (a == b && intraLayer[a])
    }

    /// The n × n connectivity mask (1 where synapse i ← j exists, row-major, zero diagonal).
    public var mask: [Float] {
        let n = unitCount, ranges = layerRanges
        var m = [Float](repeating: 0, count: n * n)
        for (a, ra) in ranges.enumerated() {
            for (b, rb) in ranges.enumerated() where abs(a - b) == 1 || (a == b && intraLayer[a]) {
                for i in ra { for j in rb where i != j { m[i * n + j] = 1 } }
            }
        }
        return m
    }

    /// The connected (rows, columns) blocks of the coupling matrix: pairs of adjacent layers, and each layer
    /// with itself when it has intra-layer connections. Products with W visit only these.
    public var blocks: [(rows: Range<Int>, cols: Range<Int>)] {
        let ranges = layerRanges
        var result: [(rows: Range<Int>, cols: Range<Int>)] = []
        for (a, ra) in ranges.enumerated() {
            for (b, rb) in ranges.enumerated() where abs(a - b) == 1 || (a == b && intraLayer[a]) {
                result.append((ra, rb))
            }
        }
        return result
    }

    /// Groups of units that can be resampled together (no connections inside a group): a layer without
    /// intra-layer connections is one group, a layer with them one group per unit. A sweep visits the groups
    /// in order, which is Gibbs sampling with a valid (systematic) scan.
    public var gibbsGroups: [Range<Int>] {
        var groups: [Range<Int>] = []
        for (a, r) in layerRanges.enumerated() {
            if intraLayer[a] { for i in r { groups.append(i..<(i + 1)) } } else { groups.append(r) }
        }
        return groups
    }
}
