import Errors

/// Checks that a dictionary is consistent before anything is built from it: names are safe SQL
/// identifiers, every table has one primary key, rules fit their column types, and references
/// point at a unique column of a declared table without cycles.
struct DictionaryChecker {
    let dictionary: DataDictionary

    func check() throws {
        var tableNames = Set<String>()
        for table in dictionary.tables {
            try checkIdentifier(table.name, what: "table")
            guard tableNames.insert(table.name).inserted else {
                throw invalid("table '\(table.name)' is declared twice")
            }
            try check(table)
        }
        for table in dictionary.tables {
            for column in table.columns { try checkReference(of: column, in: table) }
        }
        try checkAcyclic()
    }

    private func check(_ table: TableDefinition) throws {
        guard !table.columns.isEmpty else { throw invalid("table '\(table.name)' has no columns") }
        guard !table.name.hasPrefix("sluice_") else {
            throw invalid("table '\(table.name)': the prefix sluice_ is reserved for Sluice's own tables")
        }
        var columnNames = Set<String>()
        for column in table.columns {
            try checkIdentifier(column.name, what: "column")
            guard columnNames.insert(column.name).inserted else {
                throw invalid("\(table.name).\(column.name) is declared twice")
            }
            try checkRules(of: column, in: table)
        }
        let keys = table.columns.filter(\.primaryKey)
        guard keys.count == 1, let key = keys.first else {
            throw invalid("table '\(table.name)' needs exactly one primaryKey column, it has \(keys.count)")
        }
        guard key.type == .integer || key.type == .string else {
            throw invalid("\(table.name).\(key.name): a primary key must be an integer or a string")
        }
    }

    private func checkRules(of column: ColumnDefinition, in table: TableDefinition) throws {
        let place = "\(table.name).\(column.name)"
        let numeric = column.type == .integer || column.type == .number
        if (column.min != nil || column.max != nil) && !numeric {
            throw invalid("\(place): min and max apply to integer and number columns only")
        }
        if let min = column.min, let max = column.max, min > max { throw invalid("\(place): min is above max") }
        let textRules =
            column.minLength != nil || column.maxLength != nil || column.pattern != nil
            || column.allowed != nil
        if textRules && column.type != .string {
            throw invalid("\(place): minLength, maxLength, pattern and allowed apply to string columns only")
        }
        if let maxLength = column.maxLength, maxLength < 1 || maxLength > 16_000_000 {
            throw invalid("\(place): maxLength must be between 1 and 16000000")
        }
        if let minLength = column.minLength, minLength < 0 || minLength > column.effectiveMaxLength {
            throw invalid("\(place): minLength must be between 0 and maxLength")
        }
        if let pattern = column.pattern, (try? Regex(pattern)) == nil {
            throw invalid("\(place): pattern is not a valid regular expression")
        }
    }

    private func checkReference(of column: ColumnDefinition, in table: TableDefinition) throws {
        guard let reference = column.references else { return }
        let place = "\(table.name).\(column.name)"
        guard let parent = dictionary.table(named: reference.table) else {
            throw invalid("\(place) references unknown table '\(reference.table)'")
        }
        guard reference.table != table.name else { throw invalid("\(place): a table may not reference itself") }
        guard let target = parent.column(named: reference.column), target.isUnique else {
            throw invalid("\(place) must reference a primary key or unique column, not '\(reference)'")
        }
        guard target.type == column.type else {
            throw invalid("\(place) is \(column.type.rawValue) but \(reference) is \(target.type.rawValue)")
        }
    }

    private func checkAcyclic() throws {
        var resolved = Set<String>()
        var progress = true
        while progress {
            progress = false
            for table in dictionary.tables where !resolved.contains(table.name) {
                let parents = table.columns.compactMap { $0.references?.table }
                if parents.allSatisfy(resolved.contains) {
                    resolved.insert(table.name)
                    progress = true
                }
            }
        }
        let cyclic = dictionary.tables.map(\.name).filter { !resolved.contains($0) }
        guard cyclic.isEmpty else {
            throw invalid("references form a cycle among: \(cyclic.joined(separator: ", "))")
        }
    }

    private func checkIdentifier(_ name: String, what: String) throws {
        guard DataDictionary.isIdentifier(name) else {
            throw invalid(
                "\(what) name '\(name)' must be 1-64 letters, digits or underscores, not starting with a digit")
        }
    }

    private func invalid(_ message: String) -> DictionaryError {
        DictionaryError(code: .invalidDictionary, message: message)
    }
}
