import Foundation
public import DataDictionary
public import MariaDB

/// Creates Sluice's own tables (`sql/system.sql`, `sql/jobs.sql`, `sql/hosts.sql`) and every dictionary table, idempotently.
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

    /// Every statement the installer runs, in order: system tables, then tables parents first.
    public func statements() throws -> [String] {
        SQLScript(try sqlDirectory.read("system.sql")).statements
            + SQLScript(try sqlDirectory.read("jobs.sql")).statements
            + SQLScript(try sqlDirectory.read("hosts.sql")).statements
            + dictionary.tablesInDependencyOrder.map(\.createTableSQL)
    }

    /// Runs the statements on `connection`; returns the names of the dictionary tables.
    @discardableResult
    public func apply(on connection: Connection) throws -> [String] {
        for statement in try statements() { try connection.execute(statement) }
        return dictionary.tablesInDependencyOrder.map(\.name)
    }
}

/// Splits a SQL file into statements: each ends with `;` at the end of a line; `--` comment lines
/// and blank lines are dropped.
struct SQLScript {
    let statements: [String]

    init(_ text: String) {
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
