import Backup
import DataDictionary
import Errors
import Foundation
import Loading
import MariaDB

/// The checks a restore makes on its scratch table before the swap, each refusing with a stable
/// code: reject limits, foreign keys both ways, and the manifest's row count and content checksum.
enum RestoreChecks {
    /// Passes when there are no rejects, or a limit allows `rejected` of `received`; else throws `code`.
    static func allow(
        _ rejected: Int, of received: Int, limit: RejectLimit?, code: RestoreError.Code, examples: [String]
    ) throws {
        guard rejected > 0 else { return }
        if let limit, !limit.isExceeded(rejected: rejected, received: received) { return }
        let allowed = limit.map { "more than --max-rejects \($0) allows" } ?? "and no --max-rejects allows any"
        throw RestoreError(
            code,
            "\(rejected) of \(received) rows break the dictionary, \(allowed); nothing was restored: "
                + examples.joined(separator: " | "))
    }

    /// Refuses when restored rows reference rows of the same table that are not among them.
    static func referencesToItself(_ table: TableDefinition, scratch: String, on connection: Connection) throws {
        for column in table.columns {
            guard let target = column.references, target.table == table.name else { continue }
            let (child, parent) = (quoteIdentifier(column.name), quoteIdentifier(target.column))
            let rows = try connection.query(
                "SELECT COUNT(*) FROM \(scratch) s LEFT JOIN \(scratch) p ON s.\(child) = p.\(parent) "
                    + "WHERE s.\(child) IS NOT NULL AND p.\(parent) IS NULL")
            if let count = rows.first?.first, count != .int(0) {
                throw RestoreError(
                    .orphanRows, "\(count) restored rows reference \(target) values that are not restored")
            }
        }
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
                let (children, reference, parent) =
                    (quoteIdentifier(child.name), quoteIdentifier(column.name), quoteIdentifier(key))
                let lost = try connection.query(
                    "SELECT COUNT(*) FROM \(children) c LEFT JOIN \(scratch) s ON c.\(reference) = s.\(parent) "
                        + "WHERE c.\(reference) IS NOT NULL AND s.\(parent) IS NULL")
                if let count = lost.first?.first, count != .int(0) {
                    throw RestoreError(
                        .wouldOrphanChildren,
                        "\(count) rows of \(child.name).\(column.name) would lose their \(table.name) row")
                }
            }
        }
    }

    /// Refuses unless the file held the manifest's row count and content checksum (computed from
    /// the records as they were read, every one of which the database took).
    static func matchManifest(_ expected: BackupManifest.TableEntry, rows: Int, contentSHA256: String?) throws {
        guard rows == expected.rows else {
            throw RestoreError(.rowCountMismatch, "the file holds \(rows) rows, the manifest says \(expected.rows)")
        }
        guard contentSHA256 == expected.contentSHA256 else {
            throw RestoreError(.checksumMismatch, "the rows read do not match the manifest's content checksum")
        }
    }
}
