import DataDictionary
import Loading

/// The values of one unique column a restore has read so far. A backup holds its rows in key order, so while the
/// integers only grow, each is new exactly when it is larger than the last, and they are kept in an array (no
/// hashing); the first value that does not grow moves them all into a ``KeySet``, which decides from then on.
struct SeenKeys {
    private var ascending: [Int64] = []
    private var keys: KeySet?

    /// Adds `value`; false when it was seen before.
    mutating func insert(_ value: CellValue) -> Bool {
        if keys == nil, case .integer(let number) = value, ascending.last.map({ number > $0 }) ?? true {
            ascending.append(number)
            return true
        }
        if keys == nil {
            var all = KeySet()
            for number in ascending { all.insert(.integer(number)) }
            ascending = []
            keys = all
        }
        return keys!.insert(value)
    }
}
