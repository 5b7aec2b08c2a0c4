import DataDictionary
import MariaDB

/// The SQL text the row store runs, built only from dictionary names (quoted) and `?` binds.
struct RowSQL {
    let table: TableDefinition

    /// The table, quoted.
    var name: String { quoteIdentifier(table.name) }

    /// The primary key column, quoted.
    var key: String { quoteIdentifier(table.primaryKey.name) }

    /// Every column as text in dictionary order: timestamps in ISO-8601 UTC, the rest cast to text,
    /// so each reads back through the column's own rules.
    var selectList: String {
        table.columns.map { column in
            let name = quoteIdentifier(column.name)
            return column.type == .timestamp
                ? "DATE_FORMAT(\(name), '%Y-%m-%dT%H:%i:%s.%fZ')" : "CAST(\(name) AS CHAR)"
        }.joined(separator: ", ")
    }

    /// `SELECT` of the row with a given key, locked for a change when `forUpdate`.
    func selectOne(forUpdate: Bool) -> String {
        "SELECT \(selectList) FROM \(name) WHERE \(key) = ?" + (forUpdate ? " FOR UPDATE" : "")
    }

    /// `UPDATE` of every column but the key.
    var update: String {
        let assignments = table.columns.filter { !$0.primaryKey }.map { "\(quoteIdentifier($0.name)) = ?" }
        return "UPDATE \(name) SET \(assignments.joined(separator: ", ")) WHERE \(key) = ?"
    }

    /// `DELETE` of the row with a given key.
    var delete: String { "DELETE FROM \(name) WHERE \(key) = ?" }
}
