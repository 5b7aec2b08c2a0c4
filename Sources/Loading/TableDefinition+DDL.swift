public import DataDictionary
import MariaDB

extension TableDefinition {
    /// `CREATE TABLE IF NOT EXISTS` for this table: InnoDB, utf8mb4, its primary key, unique keys,
    /// indexes and real foreign keys. Identifiers come only from the checked dictionary. Foreign keys
    /// take InnoDB's names (`<table>_ibfk_<n>`), which follow the table through `RENAME TABLE`, so a
    /// restore can swap in a scratch table that carries them.
    public var createTableSQL: String { createTableSQL(secondaryKeys: true) }

    /// `CREATE TABLE IF NOT EXISTS` for this table, with its ``secondaryKeyClauses`` or (to bulk-load
    /// it first and add them after, with ``addSecondaryKeysSQL``) with only its primary key.
    public func createTableSQL(secondaryKeys: Bool) -> String {
        var lines = columns.map {
            "  \(quoteIdentifier($0.name)) \($0.sqlType)\($0.required ? " NOT NULL" : " NULL")"
        }
        lines.append("  PRIMARY KEY (\(quoteIdentifier(primaryKey.name)))")
        if secondaryKeys { lines += secondaryKeyClauses.map { "  " + $0 } }
        return "CREATE TABLE IF NOT EXISTS \(quoteIdentifier(name)) (\n" + lines.joined(separator: ",\n")
            + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"
    }

    /// The table's unique keys, indexes and foreign keys, as clauses of `CREATE TABLE` or `ALTER TABLE … ADD`.
    /// Added by `ALTER TABLE`, they get the same names as in `CREATE TABLE` (a foreign key's index is
    /// named after its column, the constraint `<table>_ibfk_<n>`).
    public var secondaryKeyClauses: [String] {
        var clauses: [String] = []
        for column in columns where column.unique && !column.primaryKey {
            clauses.append("UNIQUE KEY \(quoteIdentifier("uq_\(column.name)")) (\(quoteIdentifier(column.name)))")
        }
        for column in columns where column.index && !column.isUnique {
            clauses.append("KEY \(quoteIdentifier("ix_\(column.name)")) (\(quoteIdentifier(column.name)))")
        }
        for column in columns {
            guard let reference = column.references else { continue }
            clauses.append(
                "FOREIGN KEY (\(quoteIdentifier(column.name))) "
                    + "REFERENCES \(quoteIdentifier(reference.table)) (\(quoteIdentifier(reference.column)))")
        }
        return clauses
    }

    /// `ALTER TABLE` adding the ``secondaryKeyClauses`` to `table` (this table's definition under another
    /// name), one sorted index build each instead of row-by-row inserts; nil when the table has none.
    /// Run it with `foreign_key_checks = 0` when the rows were checked already.
    public func addSecondaryKeysSQL(to table: String) -> String? {
        let clauses = secondaryKeyClauses
        guard !clauses.isEmpty else { return nil }
        return "ALTER TABLE \(table) " + clauses.map { "ADD " + $0 }.joined(separator: ", ")
    }

    /// The column list, quoted, in dictionary order: `` `a`, `b` ``.
    public var quotedColumnList: String {
        columns.map { quoteIdentifier($0.name) }.joined(separator: ", ")
    }

    /// The table name, quoted.
    public var quotedName: String { quoteIdentifier(name) }
}

extension ColumnDefinition {
    /// The MariaDB column type that stores this column's values without loss.
    public var sqlType: String {
        switch type {
        case .integer: "BIGINT"
        case .number: "DOUBLE"
        case .string: effectiveMaxLength <= 16_383 ? "VARCHAR(\(effectiveMaxLength))" : "MEDIUMTEXT"
        case .boolean: "BOOLEAN"
        case .date: "DATE"
        case .timestamp: "DATETIME(6)"
        }
    }
}
