import Foundation
public import MariaDB

/// Writes rejected rows to `sluice_rejects`, the one reject log shared by migrations, the API and
/// restores. Rows go in multi-row prepared INSERTs inside the caller's transaction, so a reject is
/// recorded exactly when the batch it belongs to is committed.
public struct RejectStore: Sendable {
    /// Where a rejected row came from.
    public enum Origin: String, Sendable {
        /// A CSV migration.
        case migration
        /// The ingestion API.
        case api
        /// A restore from a backup.
        case restore
    }

    static let rowsPerStatement = 500
    /// The most bytes of a row's `raw` kept, like a CSV record's limit: a longer row is cut (at a
    /// UTF-8 character boundary), its reasons kept whole.
    public static let maxRawBytes = 1 << 20

    /// The origin recorded on every row this store writes.
    public let origin: Origin
    /// The table the rows were meant for.
    public let table: String
    /// The file path or request id the rows came from.
    public let source: String
    /// The `sluice_loads` row of a migration.
    public let loadID: Int64?
    /// The request id of an API batch.
    public let requestID: String?
    /// The id of the API key that sent an API batch: that key may read these rejects back.
    public let keyID: String?

    /// Creates a store for one source.
    public init(
        origin: Origin, table: String, source: String, loadID: Int64? = nil, requestID: String? = nil,
        keyID: String? = nil
    ) {
        self.origin = origin
        self.table = table
        self.source = source
        self.loadID = loadID
        self.requestID = requestID
        self.keyID = keyID
    }

    /// Inserts the rows on `connection`, in its current transaction.
    public func insert(_ rows: [RejectedRow], on connection: Connection) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
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
                let reasons = try encoder.encode(row.violations)
                binds += [
                    .string(origin.rawValue), loadID.map(Value.int) ?? .null, requestID.map(Value.string) ?? .null,
                    keyID.map(Value.string) ?? .null, .string(table), .string(source), .int(Int64(row.position)),
                    .bytes(Self.capped(row.raw)),
                    .string(String(decoding: reasons, as: UTF8.self)),
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
