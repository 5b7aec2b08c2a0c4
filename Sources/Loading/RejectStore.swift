import Foundation
import JSON
public import MariaDB

/// Writes rejected rows to `sluice_rejects`, the one reject log shared by migrations, the API and
/// restores. Rows go in multi-row prepared INSERTs inside the caller's transaction, so a reject is
/// recorded exactly when the batch it belongs to is committed.
public struct RejectStore: Sendable {
    /// Where a rejected row came from, with what identifies that source.
    public enum Origin: Sendable, Equatable {
        /// A CSV migration, with its `sluice_loads` row.
        case migration(loadID: Int64)
        /// An API batch, with its request id and the id of the key that sent it (that key may read
        /// these rejects back).
        case api(requestID: String, keyID: String?)
        /// A restore from a backup.
        case restore

        /// The name stored in `sluice_rejects.origin`.
        public var name: String {
            switch self {
            case .migration: "migration"
            case .api: "api"
            case .restore: "restore"
            }
        }

        /// The `origin`, `load_id`, `request_id` and `key_id` columns of each row.
        var columns: [Value] {
            switch self {
            case .migration(let loadID): [.string(name), .int(loadID), .null, .null]
            case .api(let requestID, let keyID):
                [.string(name), .null, .string(requestID), keyID.map(Value.string) ?? .null]
            case .restore: [.string(name), .null, .null, .null]
            }
        }
    }

    static let rowsPerStatement = 500
    /// The most bytes of a row's `raw` kept, like a CSV record's limit: a longer row is cut (at a
    /// UTF-8 character boundary), its reasons kept whole.
    public static let maxRawBytes = 1 << 20

    /// Where the rows came from.
    public let origin: Origin
    /// The table the rows were meant for.
    public let table: String
    /// The file path or request the rows came from, as shown to people.
    public let source: String

    /// Creates a store for one source.
    public init(origin: Origin, table: String, source: String) {
        self.origin = origin
        self.table = table
        self.source = source
    }

    /// Inserts the rows on `connection`, in its current transaction.
    public func insert(_ rows: [RejectedRow], on connection: Connection) throws {
        let provenance = origin.columns
        var start = 0
        while start < rows.count {
            let batch = rows[start..<min(start + Self.rowsPerStatement, rows.count)]
            let tuple = "(?, ?, ?, ?, ?, ?, ?, ?, ?)"
            let sql =
                "INSERT INTO sluice_rejects (origin, load_id, request_id, key_id, table_name, source, position, raw, reasons) VALUES "
                + Array(repeating: tuple, count: batch.count).joined(separator: ", ")
            var binds: [Value] = []
            binds.reserveCapacity(batch.count * 9)
            for row in batch {
                binds += provenance
                binds += [
                    .string(table), .string(source), .int(Int64(row.position)), .bytes(Self.capped(row.raw)),
                    .string(try JSON.text(row.violations)),
                ]
            }
            try connection.execute(sql, binds)
            start += Self.rowsPerStatement
        }
    }

    /// `raw`, or its first ``maxRawBytes`` bytes without a character cut in two.
    static func capped(_ raw: [UInt8]) -> [UInt8] {
        guard raw.count > maxRawBytes else { return raw }
        var end = maxRawBytes
        while end > 0 && raw[end] & 0xC0 == 0x80 { end -= 1 }
        return Array(raw[..<end])
    }
}
