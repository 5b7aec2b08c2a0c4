package import DataDictionary
package import MariaDB

/// Checks the rules that need more than one row: foreign keys against the parent tables, and
/// uniqueness against the rest of the source and, when asked, against the rows already in the table.
///
/// Parent keys found once are cached for the whole load; keys that are missing are looked up again
/// in each batch, since a parent may arrive meanwhile.
package final class ConstraintChecker {
    private let table: TableDefinition
    private let uniqueColumns: [(index: Int, lookup: KeyLookup)]
    private let references: [(index: Int, lookup: KeyLookup, target: ColumnReference)]
    private var knownParents: [Int: Set<CellValue>] = [:]
    private var seen: [Int: KeySet] = [:]

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
    }

    /// Adds `foreign_key` and `unique` violations to `rows`. With `againstTable`, unique values are
    /// also looked up in the table itself (otherwise the load relies on the database to refuse them).
    package func check(_ rows: inout [CandidateRow], againstTable: Bool, on connection: Connection) throws {
        try checkReferences(&rows, on: connection)
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

    /// Forgets cached parent keys, after the database refused a row the cache said was fine.
    package func forgetParents() {
        knownParents.removeAll()
    }

    private func checkReferences(_ rows: inout [CandidateRow], on connection: Connection) throws {
        for (index, lookup, target) in references {
            let wanted = Set(
                rows.lazy.filter { $0.values.count > index }.map { $0.values[index] }.filter { $0 != .null })
            var known = knownParents[index, default: []]
            let unknown = wanted.subtracting(known)
            if !unknown.isEmpty { known.formUnion(try lookup.existing(unknown, on: connection)) }
            knownParents[index] = known
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
