package import DataDictionary
package import MariaDB

/// Checks the rules that need more than one row: foreign keys against the parent tables, and
/// uniqueness against the rest of the source and, when asked, against the rows already in the table.
///
/// With `lockingParents`, the parent keys the rows use are read with `LOCK IN SHARE MODE` in the
/// caller's transaction: until it ends, no other transaction can delete or change them, so the rows
/// that passed may be written with `foreign_key_checks` off (`writeClause`, on one server) without
/// InnoDB looking each row's parents up again, and still no row without its parent ever gets in.
package final class ConstraintChecker {
    private let table: TableDefinition
    private let uniqueColumns: [(index: Int, lookup: KeyLookup)]
    private let references: [(index: Int, lookup: KeyLookup, target: ColumnReference)]
    private var seen: [Int: KeySet] = [:]
    /// Whether every foreign key of the table is one this checker checks.
    private let checksEveryReference: Bool

    /// A checker for rows of `table`, whose references point into `dictionary`.
    package init(table: TableDefinition, dictionary: DataDictionary) {
        self.table = table
        uniqueColumns = table.columns.enumerated().filter { $0.element.isUnique }.map {
            ($0.offset, KeyLookup(table: table.name, column: $0.element))
        }
        references = table.columns.enumerated().compactMap { index, column in
            guard let target = column.references, let parent = dictionary.table(named: target.table),
                let parentColumn = parent.column(named: target.column)
            else { return nil }
            return (index, KeyLookup(table: target.table, column: parentColumn), target)
        }
        checksEveryReference = references.count == table.columns.filter { $0.references != nil }.count
    }

    /// What to put before an INSERT or LOAD DATA of rows checked with `lockingParents`, in the same
    /// transaction: `SET STATEMENT foreign_key_checks=@@wsrep_on FOR ` when every foreign key of
    /// the table was checked here (their parents are locked), else nothing. So InnoDB skips the
    /// check on one server, but not on a Galera node (`wsrep_on`), where a lock holds on that node
    /// only: a parent deleted through another node is caught by the cluster's certification of the
    /// parent keys InnoDB's check adds to the write set. The primary and unique keys stay checked.
    package var writeClause: String {
        checksEveryReference && !references.isEmpty ? "SET STATEMENT foreign_key_checks=@@wsrep_on FOR " : ""
    }

    /// Adds `foreign_key` and `unique` violations to `rows`. With `againstTable`, unique values are
    /// also looked up in the table itself (otherwise the load relies on the database to refuse them).
    /// With `lockingParents`, the parent keys are locked in the caller's transaction (see the type).
    package func check(
        _ rows: inout [CandidateRow], againstTable: Bool, lockingParents: Bool = false, on connection: Connection
    ) throws {
        try checkReferences(&rows, locking: lockingParents, on: connection)
        try checkUniqueness(&rows, againstTable: againstTable, on: connection)
    }

    /// Records the unique values of rows that were committed, so later batches see them as taken.
    package func commit(_ rows: [CandidateRow]) {
        for (index, _) in uniqueColumns {
            var keys = seen.removeValue(forKey: index) ?? KeySet()
            for row in rows where row.isValid { keys.insert(row.values[index]) }
            seen[index] = keys
        }
    }

    private func checkReferences(_ rows: inout [CandidateRow], locking: Bool, on connection: Connection) throws {
        for (index, lookup, target) in references {
            let wanted = Set(
                rows.lazy.filter { $0.values.count > index }.map { $0.values[index] }.filter { $0 != .null })
            let known = try lookup.existing(wanted, locking: locking, on: connection)
            let name = table.columns[index].name
            for position in rows.indices where rows[position].values.count > index {
                let value = rows[position].values[index]
                guard value != .null, !known.contains(value) else { continue }
                rows[position].violations.append(
                    Violation(
                        column: name, rule: .foreignKey, message: "\(value.sqlText ?? "") does not exist in \(target)"))
            }
        }
    }

    private func checkUniqueness(_ rows: inout [CandidateRow], againstTable: Bool, on connection: Connection) throws {
        for (index, lookup) in uniqueColumns {
            let name = table.columns[index].name
            var inTable = Set<CellValue>()
            if againstTable {
                let values = rows.lazy.filter { $0.values.count > index }.map { $0.values[index] }.filter {
                    $0 != .null
                }
                inTable = try lookup.existing(Set(values), on: connection)
            }
            var inBatch = KeySet()
            let earlier = seen[index] ?? KeySet()
            for position in rows.indices where rows[position].values.count > index {
                let value = rows[position].values[index]
                guard value != .null else { continue }
                let text = value.sqlText ?? ""
                if inTable.contains(value) {
                    rows[position].violations.append(
                        Violation(
                            column: name, rule: .unique, message: "\(name) \(text) already exists in \(table.name)"))
                } else if earlier.contains(value) || inBatch.contains(value) {
                    rows[position].violations.append(
                        Violation(
                            column: name, rule: .unique, message: "\(name) \(text) appears earlier in this source"))
                } else if rows[position].isValid {
                    inBatch.insert(value)
                }
            }
        }
    }
}
