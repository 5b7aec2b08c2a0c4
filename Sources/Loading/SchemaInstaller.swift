import Foundation
public import DataDictionary
public import MariaDB

/// Creates Sluice's own tables (`sql/system.sql`, `sql/jobs.sql`, `sql/hosts.sql`), every dictionary table and, when the
/// dictionary has `hired_employees`, the hire counts (`sql/counts/`, filled from the rows the first
/// time), idempotently.
public struct SchemaInstaller {
    /// The dictionary whose tables are created.
    public let dictionary: DataDictionary
    /// Where `system.sql` is read from.
    public let sqlDirectory: SQLDirectory

    /// Creates an installer.
    public init(dictionary: DataDictionary, sqlDirectory: SQLDirectory) {
        self.dictionary = dictionary
        self.sqlDirectory = sqlDirectory
    }

    /// Every statement that creates tables, in order: system tables, then tables parents first,
    /// then the hire counts' (their first fill is not among them).
    public func statements() throws -> [String] {
        try tableStatements() + (hireCountTables()?.createStatements ?? [])
    }

    /// Runs the statements on `connection`, and fills the hire counts the first time; returns the
    /// names of the dictionary tables.
    @discardableResult
    public func apply(on connection: Connection) throws -> [String] {
        for statement in try tableStatements() { try connection.execute(statement) }
        try hireCountTables()?.install(on: connection)
        return dictionary.tablesInDependencyOrder.map(\.name)
    }

    private func tableStatements() throws -> [String] {
        SQLScript(try sqlDirectory.read("system.sql")).statements
            + SQLScript(try sqlDirectory.read("jobs.sql")).statements
            + SQLScript(try sqlDirectory.read("hosts.sql")).statements
            + SQLScript(try sqlDirectory.read("stores.sql")).statements
            + dictionary.tablesInDependencyOrder.map(\.createTableSQL)
    }

    private func hireCountTables() throws -> HireCountTables? {
        HireCounts(dictionary: dictionary) == nil ? nil : try HireCountTables(sqlDirectory: sqlDirectory)
    }
}

/// Splits a SQL file into statements: each ends with `;` at the end of a line; `--` comment lines
/// and blank lines are dropped.
public struct SQLScript: Sendable {
    /// The statements, in order, without their `;`.
    public let statements: [String]

    /// Splits `text`.
    public init(_ text: String) {
        var statements: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("--") { continue }
            if trimmed.hasSuffix(";") {
                current.append(line[..<line.lastIndex(of: ";")!])
                statements.append(current.joined(separator: "\n"))
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { statements.append(current.joined(separator: "\n")) }
        self.statements = statements
    }
}
