public import DataDictionary

/// A set of key values, storing integers unboxed: the uniqueness check of a million-row load keeps
/// every id it has seen, and `Set<Int64>` takes a third of the memory of `Set<CellValue>`.
public struct KeySet: Sendable {
    /// An empty set.
    public init() {}

    private var integers = Set<Int64>()
    private var others = Set<CellValue>()

    /// Whether `value` is in the set.
    public func contains(_ value: CellValue) -> Bool {
        if case .integer(let number) = value { return integers.contains(number) }
        return others.contains(value)
    }

    /// Adds `value`; false when it was there already.
    @discardableResult
    public mutating func insert(_ value: CellValue) -> Bool {
        if case .integer(let number) = value { return integers.insert(number).inserted }
        return others.insert(value).inserted
    }

    /// Whether the set is empty.
    public var isEmpty: Bool { integers.isEmpty && others.isEmpty }
}
