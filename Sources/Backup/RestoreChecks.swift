import DataDictionary
import Foundation
import Ingest
import MariaDB

/// The checks a restore makes on its scratch table before the swap, each refusing with a stable
/// code: reject limits, foreign keys both ways, and the manifest's row count and content checksum.
enum RestoreChecks {
    /// Passes when there are no rejects, or a limit allows `rejected` of `received`; else throws `code`.
    static func allow(_ rejected: Int, of received: Int, limit: RejectLimit?, code: String, examples: [String]) throws {
        guard rejected > 0 else { return }
        if let limit, !limit.isExceeded(rejected: rejected, received: received) { return }
        let allowed = limit.map { "more than --max-rejects \($0) allows" } ?? "and no --max-rejects allows any"
        throw RestoreError(
            code,
            "\(rejected) of \(received) rows break the dictionary, \(allowed); nothing was restored: "
                + examples.joined(separator: " | "))
    }

    /// Rows of the scratch table whose parent rows do not exist: how many, and a few examples.
    static func orphans(_ table: TableDefinition, scratch: String, on connection: Connection) throws -> (
        count: Int, examples: [String]
    ) {
        var count = 0
        var examples: [String] = []
        for column in table.columns {
            guard let target = column.references else { continue }
            let rows = try connection.query(
                "SELECT COUNT(*), MIN(s.`\(column.name)`) FROM \(scratch) s \(join(column, target)) WHERE \(missing(column, target))"
            )
            let found = Int(rows.first?.first?.description ?? "") ?? 0
            guard found > 0 else { continue }
            count += found
            examples.append("\(found) rows reference \(target) values that do not exist, e.g. \(rows[0][1])")
        }
        return (count, examples)
    }

    /// Deletes the rows whose parents do not exist; returns them as rejected rows (at most 10,000).
    static func removeOrphans(_ table: TableDefinition, scratch: String, on connection: Connection) throws
        -> [RejectedRow]
    {
        var rejected: [RejectedRow] = []
        let key = table.primaryKey.name
        for column in table.columns {
            guard let target = column.references else { continue }
            let rows = try connection.query(
                "SELECT s.`\(key)`, s.`\(column.name)` FROM \(scratch) s \(join(column, target)) "
                    + "WHERE \(missing(column, target)) LIMIT \(RestoreRowSource.keptRejects)")
            for row in rows {
                let raw = Array("{\"\(key)\":\"\(row[0])\",\"\(column.name)\":\"\(row[1])\"}".utf8)
                let violation = Violation(
                    column: column.name, rule: .foreignKey, message: "\(row[1]) does not exist in \(target)")
                rejected.append(RejectedRow(position: 0, raw: raw, violations: [violation]))
            }
            try connection.execute(
                "DELETE s FROM \(scratch) s \(join(column, target)) WHERE \(missing(column, target))")
        }
        return rejected
    }

    /// Refuses when a row of another table would lose its parent in the restored table.
    static func keepChildren(
        _ table: TableDefinition, in dictionary: DataDictionary, scratch: String, on connection: Connection
    )
        throws
    {
        for child in dictionary.tables {
            for column in child.columns where column.references?.table == table.name {
                guard let key = column.references?.column else { continue }
                let lost = try connection.query(
                    "SELECT COUNT(*) FROM `\(child.name)` c LEFT JOIN \(scratch) s ON c.`\(column.name)` = s.`\(key)` "
                        + "WHERE c.`\(column.name)` IS NOT NULL AND s.`\(key)` IS NULL")
                if let count = lost.first?.first, count != .int(0) {
                    throw RestoreError(
                        "would_orphan_children",
                        "\(count) rows of \(child.name).\(column.name) would lose their \(table.name) row")
                }
            }
        }
    }

    /// Refuses unless the file held the manifest's row count and the scratch table its content checksum.
    static func matchManifest(
        _ expected: BackupManifest.TableEntry, table: TableDefinition, scratch: String, rows: Int,
        on connection: Connection
    ) throws {
        guard rows == expected.rows else {
            throw RestoreError("row_count_mismatch", "the file holds \(rows) rows, the manifest says \(expected.rows)")
        }
        var checksum = ContentChecksum()
        try connection.forEachRow(AvroTableSchema(table: table).selectSQL(from: scratch)) { checksum.add($0) }
        guard checksum.finish() == expected.contentSHA256 else {
            throw RestoreError("checksum_mismatch", "the rows read do not match the manifest's content checksum")
        }
    }

    private static func join(_ column: ColumnDefinition, _ target: ColumnReference) -> String {
        "LEFT JOIN `\(target.table)` p ON s.`\(column.name)` = p.`\(target.column)`"
    }

    private static func missing(_ column: ColumnDefinition, _ target: ColumnReference) -> String {
        "s.`\(column.name)` IS NOT NULL AND p.`\(target.column)` IS NULL"
    }
}
