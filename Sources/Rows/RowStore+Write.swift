public import DataDictionary
import Loading
public import MariaDB

extension RowStore {
    /// Changes the row `id`: `fields` (column name to text, nil for null) replace the stored ones,
    /// or the whole row when `replacing` (a missing column is then empty). The result passes the
    /// dictionary's rules, its references and uniqueness, like an ingested row; `decodingViolations`
    /// (a field of the wrong JSON type) are reported with them.
    public func update(
        _ id: String, fields: [String: String?], decodingViolations: [Violation] = [], replacing: Bool,
        ifMatch: String?, on connection: Connection
    ) throws -> WriteOutcome {
        try withLockedRow(id, ifMatch: ifMatch, on: connection) { current in
            let key = table.primaryKey.name
            var merged = replacing ? [key: current.fields[key] ?? nil] : current.fields
            merged.merge(fields) { _, new in new }
            var violations = decodingViolations
            let badColumns = Set(violations.map(\.column))
            if let sent = fields[key], sent != current.fields[key] {
                violations.append(
                    Violation(
                        column: key, rule: RuleID(rawValue: "immutable"),
                        message: "the primary key cannot change; create a new row instead"))
            }
            let verdict = RowValidator(table: table).validate(named: merged)
            violations += verdict.violations.filter { !badColumns.contains($0.column) }
            violations += try related(verdict.values, id: current, on: connection)
            guard violations.isEmpty else { return .invalid(violations) }
            let binds = zip(table.columns, verdict.values).filter { !$0.0.primaryKey }.map(\.1.bindValue)
            try connection.execute(sql.update, binds + [verdict.values[table.primaryKeyIndex].bindValue])
            if var hires = HireCounts(table: table) {
                hires.add(stored(current), sign: -1)
                hires.add(verdict.values)
                try hires.write(on: connection)
            }
            return .written(try read(id, forUpdate: false, on: connection))
        }
    }

    /// Deletes the row `id`, unless rows of another table point to it.
    public func delete(_ id: String, ifMatch: String?, on connection: Connection) throws -> DeleteOutcome {
        try withLockedRow(id, ifMatch: ifMatch, on: connection) { current in
            let references = try references(to: current, on: connection)
            guard references.isEmpty else { return .referenced(references) }
            try connection.execute(sql.delete, [try key(of: current)])
            if var hires = HireCounts(table: table) {
                hires.add(stored(current), sign: -1)
                try hires.write(on: connection)
            }
            return .deleted
        }
    }

    /// The tables and counts of rows that point to `row` through a dictionary reference.
    public func references(to row: StoredRow, on connection: Connection) throws -> [Reference] {
        var found: [Reference] = []
        for child in dictionary.tables {
            for column in child.columns where column.references?.table == table.name {
                guard let target = column.references.flatMap({ table.column(named: $0.column) }),
                    let text = row.fields[target.name] ?? nil
                else { continue }
                let count =
                    try connection.query(
                        "SELECT COUNT(*) FROM \(quoteIdentifier(child.name)) WHERE \(quoteIdentifier(column.name)) = ?",
                        [.string(text)]
                    ).first?.first?.int ?? 0
                if count > 0 { found.append(Reference(table: child.name, column: column.name, count: Int(count))) }
            }
        }
        return found
    }

    /// `foreign_key` and `unique` violations of the changed row, found as ingest finds them (a field
    /// that broke a rule of its own is null in `values`, so it is not looked up). Uniqueness is
    /// checked against the table's other rows: the row's own value is no clash.
    private func related(_ values: [CellValue], id current: StoredRow, on connection: Connection) throws -> [Violation]
    {
        var rows = [CandidateRow(position: 0, raw: [], values: values, violations: [])]
        try ConstraintChecker(table: table, dictionary: dictionary).check(&rows, againstTable: false, on: connection)
        var violations = rows[0].violations
        for (column, value) in zip(table.columns, values) where value != .null && column.unique && !column.primaryKey {
            let taken = try connection.query(
                "SELECT 1 FROM \(sql.name) WHERE \(quoteIdentifier(column.name)) = ? AND \(sql.key) <> ? LIMIT 1",
                [value.bindValue, try key(of: current)])
            if !taken.isEmpty {
                violations.append(
                    Violation(
                        column: column.name, rule: .unique,
                        message: "\(column.name) \(value.sqlText ?? "") already exists in \(table.name)"))
            }
        }
        return violations
    }

    /// The typed values of a stored row, as the hire counts read them.
    private func stored(_ row: StoredRow) -> [CellValue] {
        RowValidator(table: table).validate(named: row.fields).values
    }

    /// The bind of `row`'s primary key.
    private func key(of row: StoredRow) throws -> Value {
        try table.primaryKey.value(of: row.id).get().bindValue
    }
}
