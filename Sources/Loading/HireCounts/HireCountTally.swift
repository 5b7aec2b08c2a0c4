/// The hire counts' changes keyed by one packed 64-bit word (year, quarter, department and job), in an
/// open-addressing table with a multiplicative hash: adding a row is a multiply, a shift and a probe or two,
/// where a Dictionary of four-field keys hashed each row with SipHash (millions of rows a restore or migration).
struct HireCountTally {
    /// One slot: a packed key (`empty` when free: no packed key is all ones, its year never is) and its count,
    /// side by side so a probe touches one cache line.
    private struct Slot {
        var key: UInt64
        var count: Int64
    }

    private var slots: [Slot]
    private var used = 0
    private var shift: UInt64

    private static let empty = UInt64.max

    /// An empty tally.
    init() {
        slots = Array(repeating: Slot(key: Self.empty, count: 0), count: 64)
        shift = 64 - 6
    }

    /// Whether every count is 0.
    var isEmpty: Bool { slots.allSatisfy { $0.count == 0 } }

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

    /// One key and its count as the word of a delta row's packed slot (`sql/counts/tables.sql`,
    /// `packed_n`): the count plus 32768 in bits 63-48, the year in 47-34, the quarter minus 1 in 33-32, the
    /// department in 31-16 and the job in 15-0; nil when the count or an id does not fit.
    static func deltaWord(_ key: UInt64, count: Int64) -> Int64? {
        let parts = parts(key)
        guard (-32_768..<32_768).contains(count), parts.department < 65_536, parts.job < 65_536 else { return nil }
        return Int64(
            bitPattern: UInt64(count + 32_768) << 48 | UInt64(parts.year) << 34 | UInt64(parts.quarter - 1) << 32
                | UInt64(parts.department) << 16 | UInt64(parts.job))
    }

    /// Adds `delta` to `key`'s count.
    mutating func add(_ key: UInt64, _ delta: Int64) {
        if used * 2 >= slots.count { grow() }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while slots[slot].key != key {
            if slots[slot].key == Self.empty {
                slots[slot].key = key
                used += 1
                break
            }
            slot = (slot + 1) & mask
        }
        slots[slot].count += delta
    }

    /// Every key with a count other than 0.
    var nonZero: [(key: UInt64, count: Int64)] {
        slots.filter { $0.key != Self.empty && $0.count != 0 }.map { ($0.key, $0.count) }
    }

    /// Forgets every count, keeping the table's size.
    mutating func removeAll() {
        for index in slots.indices { slots[index] = Slot(key: Self.empty, count: 0) }
        used = 0
    }

    private mutating func grow() {
        let old = slots.filter { $0.key != Self.empty }
        slots = Array(repeating: Slot(key: Self.empty, count: 0), count: slots.count * 2)
        shift -= 1
        used = 0
        for entry in old { add(entry.key, entry.count) }
    }
}
