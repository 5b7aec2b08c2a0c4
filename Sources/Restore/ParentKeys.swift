import DataDictionary
import Loading
import MariaDB

/// The values a restored table's foreign keys may take, read once from the live parent tables,
/// so each row is checked as it is read (and a row without its parent is a reject with its
/// position) instead of by a join over the loaded table. A table's references to itself are
/// checked after the load, against the restored rows.
struct ParentKeys {
    private struct Check {
        let index: Int
        let column: String
        let target: ColumnReference
        var keys = KeySet()
    }

    private var checks: [Check] = []

    /// Reads the parent keys of every foreign key of `table` that points at another table.
    init(table: TableDefinition, on connection: Connection) throws {
        for (index, column) in table.columns.enumerated() {
            guard let target = column.references, target.table != table.name else { continue }
            var check = Check(index: index, column: column.name, target: target)
            let sql = "SELECT \(quoteIdentifier(target.column)) FROM \(quoteIdentifier(target.table))"
            try connection.forEachRow(sql) { row in
                switch row[0] {
                case .null: break
                case .int(let number): check.keys.insert(.integer(number))
                default: check.keys.insert(.text(row[0].description))
                }
            }
            checks.append(check)
        }
    }

    /// A violation for each foreign key of `values` whose parent does not exist.
    func violations(_ values: [CellValue]) -> [Violation] {
        checks.compactMap { check in
            let value = values[check.index]
            guard value != .null, !check.keys.contains(value) else { return nil }
            return Violation(
                column: check.column, rule: .foreignKey,
                message: "\(value.sqlText ?? "") does not exist in \(check.target)")
        }
    }
}
