import Foundation
public import MariaDB

/// The tables of the hire counts (`sql/counts/`): created and first filled with the schema,
/// folded as deltas pile up, and rebuilt along with a restored `hired_employees`.
public struct HireCountTables: Sendable {
    /// The base counts.
    public static let counts = "sluice_hire_counts"
    /// The appended deltas.
    public static let deltas = "sluice_hire_count_deltas"
    /// The view of the deltas one key a row, which `counts/tables.sql` creates last.
    static let deltaKeys = "sluice_hire_count_delta_keys"
    /// Delta rows above which a report folds them first: up to 20,000 keys in packed slots (32 a row), so
    /// a report sums a bounded number of deltas.
    public static let foldThreshold: Int64 = 625

    private let tables: [String]
    private let fill: String
    private let fold: [String]

    /// Reads the SQL from `sqlDirectory`'s `counts/` folder.
    public init(sqlDirectory: SQLDirectory) throws {
        tables = SQLScript(try sqlDirectory.read("counts/tables.sql")).statements
        fill = SQLScript(try sqlDirectory.read("counts/fill.sql")).statements.joined()
        fold = SQLScript(try sqlDirectory.read("counts/fold.sql")).statements
    }

    /// The statements that create the tables.
    public var createStatements: [String] { tables }

    /// Fills the counts from the rows the first time (idempotent); the tables exist
    /// (``SchemaInstaller`` creates them with ``createStatements``).
    public func fillFirstTime(on connection: Connection) throws {
        try transaction(on: connection) {
            guard try connection.execute("INSERT IGNORE INTO sluice_hire_count_state (id) VALUES (1)") == 1 else {
                return
            }
            try connection.execute("DELETE FROM \(Self.counts)")
            try connection.execute(fillSQL(hires: HireCounts.tableName, counts: Self.counts))
        }
    }

    /// Folds the deltas into the counts when more than `threshold` delta rows may have piled up (ids are
    /// not reused, so the id span bounds their number without counting them).
    public func foldIfNeeded(threshold: Int64 = foldThreshold, on connection: Connection) throws {
        if try needsFold(threshold: threshold, on: connection) { try foldDeltas(on: connection) }
    }

    /// Whether more than `threshold` delta rows may have piled up, read without writing (a replica
    /// can tell; the fold itself runs on the primary).
    public func needsFold(threshold: Int64 = foldThreshold, on connection: Connection) throws -> Bool {
        let span =
            try connection.query("SELECT COALESCE(MAX(id) - MIN(id) + 1, 0) FROM \(Self.deltas)").first?.first?.int ?? 0
        return span > threshold
    }

    /// Moves every committed delta into the counts (`counts/fold.sql`).
    public func foldDeltas(on connection: Connection) throws {
        do {
            for statement in fold { try connection.execute(statement) }
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Builds counts (from `hires`, counted over every row of a full copy of `hired_employees` about
    /// to replace it) and empty deltas, and returns the renames that put them in place with that copy,
    /// for the same `RENAME TABLE`; `dropAfter` are the tables the renames set aside.
    public func scratchTables(counting hires: HireCounts, on connection: Connection) throws -> (
        renames: [String], dropAfter: [String]
    ) {
        let names = [Self.counts, Self.deltas].map {
            (live: quoteIdentifier($0), fresh: quoteIdentifier($0 + "__restore"), old: quoteIdentifier($0 + "__old"))
        }
        // One statement for the leftovers of a killed restore: each DDL statement commits (and syncs) on its own.
        try connection.execute("DROP TABLE IF EXISTS " + names.flatMap { [$0.fresh, $0.old] }.joined(separator: ", "))
        for name in names { try connection.execute("CREATE TABLE \(name.fresh) LIKE \(name.live)") }
        let renames = names.flatMap { ["\($0.live) TO \($0.old)", "\($0.fresh) TO \($0.live)"] }
        let dropAfter = names.map(\.old)
        var counts = hires
        try counts.write(intoCounts: Self.counts + "__restore", on: connection)
        return (renames, dropAfter)
    }

    /// Drops what `scratchTables` made, when the restore did not use it.
    public func dropScratchTables(on connection: Connection) {
        _ = try? connection.execute(
            "DROP TABLE IF EXISTS \(quoteIdentifier(Self.counts + "__restore")), \(quoteIdentifier(Self.deltas + "__restore"))"
        )
    }

    /// Rebuilds the counts from the rows, in the caller's transaction (a table whose rows were all replaced).
    public func recount(on connection: Connection) throws {
        try connection.execute("DELETE FROM \(Self.deltas)")
        try connection.execute("DELETE FROM \(Self.counts)")
        try connection.execute(fillSQL(hires: HireCounts.tableName, counts: Self.counts))
    }

    private func fillSQL(hires: String, counts: String) -> String {
        fill.replacingOccurrences(of: "{hires}", with: hires).replacingOccurrences(of: "{counts}", with: counts)
    }

    private func transaction(on connection: Connection, _ body: () throws -> Void) throws {
        try connection.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
        try connection.execute("START TRANSACTION")
        do {
            try body()
            try connection.execute("COMMIT")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
