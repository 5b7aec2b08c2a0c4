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
    /// Every key of each parent table, by the referencing column's index, once ``lockAllParents(on:)`` read them.
    private var lockedParents: [Int: KeySet]?
    /// Whether every foreign key of the table is one this checker checks (so InnoDB need not check any).
    package let checksEveryReference: Bool

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

    /// Reads every key of every parent table `LOCK IN SHARE MODE`, in the caller's transaction, so that
    /// ``checkAgainstLockedParents(_:)`` can check rows without the database while the connection is busy
    /// (streaming one `LOAD DATA`), and no parent they use can change until the transaction ends.
    package func lockAllParents(on connection: Connection) throws {
        var parents: [Int: KeySet] = [:]
        for (index, lookup, _) in references { parents[index] = try lookup.all(locking: true, on: connection) }
        lockedParents = parents
    }

    /// Adds `foreign_key` violations against the parents ``lockAllParents(on:)`` read, and `unique` ones
    /// against the rest of the source, without the database (the table must hold no row yet); the rows
    /// that pass count as committed (``commit(_:)``), since this load has no batch to undo.
    package func checkAgainstLockedParents(_ rows: inout [CandidateRow]) {
        guard let lockedParents else { preconditionFailure("lockAllParents(on:) was not called") }
        addReferenceViolations(&rows, parents: references.map { lockedParents[$0.index] ?? KeySet() })
        for (index, _) in uniqueColumns {
            let name = table.columns[index].name
            var keys = seen.removeValue(forKey: index) ?? KeySet()
            for position in rows.indices where rows[position].isValid {
                let value = rows[position].values[index]
                guard value != .null, !keys.insert(value) else { continue }
                rows[position].violations.append(Self.repeated(name, value))
            }
            seen[index] = keys
        }
    }

    private func checkReferences(_ rows: inout [CandidateRow], locking: Bool, on connection: Connection) throws {
        let known = try references.map { index, lookup, _ in
            try lookup.existing(values(of: rows, at: index), locking: locking, on: connection)
        }
        addReferenceViolations(&rows, parents: known)
    }

    /// The distinct non-null values of column `index` in `rows`, in the order they first appear
    /// (a `KeySet` hashes integers unboxed: a `Set<CellValue>` built through lazy filters took
    /// twice as long).
    private func values(of rows: [CandidateRow], at index: Int) -> [CellValue] {
        var seen = KeySet()
        var distinct: [CellValue] = []
        for row in rows where row.values.count > index {
            let value = row.values[index]
            if value != .null, seen.insert(value) { distinct.append(value) }
        }
        return distinct
    }

    /// Adds a violation for each reference whose value is missing from its parent's keys (`parents`,
    /// one set per reference, in the order of `references`).
    private func addReferenceViolations(_ rows: inout [CandidateRow], parents: [KeySet]) {
        for ((index, _, target), parent) in zip(references, parents) {
            let name = table.columns[index].name
            for position in rows.indices where rows[position].values.count > index {
                let value = rows[position].values[index]
                guard value != .null, !parent.contains(value) else { continue }
                rows[position].violations.append(
                    Violation(
                        column: name, rule: .foreignKey, message: "\(value.sqlText ?? "") does not exist in \(target)"))
            }
        }
    }

    private func checkUniqueness(_ rows: inout [CandidateRow], againstTable: Bool, on connection: Connection) throws {
        var inTable: [Int: KeySet] = [:]
        if againstTable {
            for (index, lookup) in uniqueColumns {
                inTable[index] = try lookup.existing(values(of: rows, at: index), on: connection)
            }
        }
        addUniqueViolations(&rows) { index, value in inTable[index]?.contains(value) ?? false }
    }

    /// Adds a violation for each unique value that `taken` (given the column's index) says the table holds,
    /// or that an earlier row of the source has.
    private func addUniqueViolations(_ rows: inout [CandidateRow], taken: (Int, CellValue) -> Bool) {
        for (index, _) in uniqueColumns {
            let name = table.columns[index].name
            var inBatch = KeySet()
            let earlier = seen[index] ?? KeySet()
            for position in rows.indices where rows[position].values.count > index {
                let value = rows[position].values[index]
                guard value != .null else { continue }
                if taken(index, value) {
                    rows[position].violations.append(
                        Violation(
                            column: name, rule: .unique,
                            message: "\(name) \(value.sqlText ?? "") already exists in \(table.name)"))
                } else if earlier.contains(value) || inBatch.contains(value) {
                    rows[position].violations.append(Self.repeated(name, value))
                } else if rows[position].isValid {
                    inBatch.insert(value)
                }
            }
        }
    }

    /// The violation of a unique `value` of column `name` that an earlier row of the source has.
    private static func repeated(_ name: String, _ value: CellValue) -> Violation {
        Violation(column: name, rule: .unique, message: "\(name) \(value.sqlText ?? "") appears earlier in this source")
    }
}
