/// One table of the data dictionary: its name, columns and the rules each column carries.
public struct TableDefinition: Sendable, Codable {
    /// The table's SQL name (letters, digits and underscores).
    public var name: String
    /// What the table holds, for generated documentation.
    public var description: String?
    /// The columns, in the order CSV files list their fields.
    public var columns: [ColumnDefinition]

    /// Creates a table definition; `DataDictionary` checks it.
    public init(name: String, description: String? = nil, columns: [ColumnDefinition]) {
        self.name = name
        self.description = description
        self.columns = columns
    }

    /// The primary-key column (every table has exactly one, checked when the dictionary loads).
    public var primaryKey: ColumnDefinition {
        columns.first { $0.primaryKey } ?? columns[0]
    }

    /// Index of the primary-key column in `columns`.
    public var primaryKeyIndex: Int {
        columns.firstIndex { $0.primaryKey } ?? 0
    }

    /// The column called `name`, if the table has one.
    public func column(named name: String) -> ColumnDefinition? {
        columns.first { $0.name == name }
    }
}
