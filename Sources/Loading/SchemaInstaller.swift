import Crypto
import Foundation
public import DataDictionary
public import MariaDB

/// Creates Sluice's own tables (`sql/system.sql`, `sql/jobs.sql`, `sql/hosts.sql`, `sql/stores.sql`),
/// every dictionary table and, when the dictionary has `hired_employees`, the hire counts
/// (`sql/counts/`, filled from the rows the first time), idempotently.
///
/// The digest of the statements is kept in `sluice_schema_state`: a process that starts with the
/// statements the schema was last installed with runs none of them. On a Galera node every DDL
/// statement, even one that changes nothing, runs in total order isolation, and one seen there
/// behind concurrent writes (a `CREATE OR REPLACE VIEW` as a scheduler started) stalled the whole
/// cluster, and every `sluice serve`, scheduler and migration installs the schema as it starts.
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

    /// Runs the statements on `connection` unless they are those the schema was last installed
    /// with (`force` runs them anyway), and fills the hire counts the first time; returns the names
    /// of the dictionary tables.
    @discardableResult
    public func apply(on connection: Connection, force: Bool = false) throws -> [String] {
        let statements = try statements()
        let digest = Self.digest(of: statements)
        if try force || installedDigest(on: connection) != digest {
            for statement in statements { try connection.execute(statement) }
            try connection.execute(
                "REPLACE INTO sluice_schema_state (id, digest) VALUES (1, ?)", [.string(digest)])
        }
        try hireCountTables()?.fillFirstTime(on: connection)
        return dictionary.tablesInDependencyOrder.map(\.name)
    }

    /// The digest recorded by the last install, or nil before the first.
    private func installedDigest(on connection: Connection) throws -> String? {
        do {
            return try connection.query("SELECT digest FROM sluice_schema_state WHERE id = 1").first?.first?.text
        } catch let error as MariaDBError where error.code == .noSuchTable {
            return nil
        }
    }

    /// The SHA-256 of the statements, in order, as lower-case hex.
    private static func digest(of statements: [String]) -> String {
        var hasher = SHA256()
        for statement in statements { hasher.update(data: Data((statement + "\n;\n").utf8)) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
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
