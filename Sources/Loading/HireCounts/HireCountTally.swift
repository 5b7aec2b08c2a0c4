/// The hire counts' changes keyed by one packed 64-bit word (year, quarter, department and job), in an
/// open-addressing table with a multiplicative hash: adding a row is a multiply, a shift and a probe or two,
/// where a Dictionary of four-field keys hashed each row with SipHash (millions of rows a restore or migration).
struct HireCountTally {
    /// Packed keys; `empty` marks a free slot (no packed key is all ones: the quarter bits never are).
    private var keys: [UInt64]
    private var counts: [Int64]
    private var used = 0
    private var shift: UInt64

    private static let empty = UInt64.max

    /// An empty tally.
    init() {
        keys = Array(repeating: Self.empty, count: 64)
        counts = Array(repeating: 0, count: 64)
        shift = 64 - 6
    }

    /// Whether every count is 0.
    var isEmpty: Bool { counts.allSatisfy { $0 == 0 } }

    /// The key of one hire, or nil when a part does not fit (a year past 16383, a negative or 2^23-or-more id).
    static func key(year: Int64, quarter: Int64, department: Int64, job: Int64) -> UInt64? {
        guard (0..<16_384).contains(year), (1...4).contains(quarter), (0..<(1 << 23)).contains(department),
            (0..<(1 << 23)).contains(job)
        else { return nil }
        return UInt64(year) << 48 | UInt64(quarter - 1) << 46 | UInt64(department) << 23 | UInt64(job)
    }

    /// The parts of a packed key.
    static func parts(_ key: UInt64) -> HireCounts.Key {
        HireCounts.Key(
            year: Int64(key >> 48), department: Int64(key >> 23 & 0x7F_FFFF), job: Int64(key & 0x7F_FFFF),
            quarter: Int64(key >> 46 & 3) + 1)
    }

    /// Adds `delta` to `key`'s count.
    mutating func add(_ key: UInt64, _ delta: Int64) {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while keys[slot] != key {
            if keys[slot] == Self.empty {
                guard used * 2 < keys.count else {
                    grow()
                    return add(key, delta)
                }
                keys[slot] = key
                used += 1
                break
            }
            slot = (slot + 1) & mask
        }
        counts[slot] += delta
    }

    /// Every key with a count other than 0.
    var nonZero: [(key: UInt64, count: Int64)] {
        zip(keys, counts).filter { $0.0 != Self.empty && $0.1 != 0 }.map { ($0.0, $0.1) }
    }

    /// Forgets every count, keeping the table's size.
    mutating func removeAll() {
        for index in keys.indices {
            keys[index] = Self.empty
            counts[index] = 0
        }
        used = 0
    }

    private mutating func grow() {
        let old = zip(keys, counts).filter { $0.0 != Self.empty }
        keys = Array(repeating: Self.empty, count: keys.count * 2)
        counts = Array(repeating: 0, count: keys.count)
        shift -= 1
        used = 0
        for (key, count) in old { add(key, count) }
    }
}
