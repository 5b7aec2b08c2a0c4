import Errors
import Loading
import MariaDB

/// The `sluice_loads` row of one (table, file content) pair: how far its migration has got.
///
/// It is updated in the same transaction as each batch it describes, so after a crash it says
/// exactly which bytes of the file are in the table, and a re-run resumes there.
struct LoadRecord {
    enum Status: String {
        case running, completed, failed
        case rolledBack = "rolled_back"
    }

    var id: Int64
    var status: Status
    var nextOffset: Int64
    var nextLine: Int
    var counts: LoadCounts
    var rejectFile: String?
    var rejectFileBytes: Int64

    /// Finds the record of `table` loaded from content `sha256`, creating it when there is none.
    static func claim(table: String, source: String, sha256: String, bytes: Int64, on connection: Connection) throws
        -> LoadRecord
    {
        try connection.execute(
            "INSERT IGNORE INTO sluice_loads (table_name, source, source_sha256, source_bytes, status) VALUES (?, ?, ?, ?, 'running')",
            [.string(table), .string(source), .string(sha256), .int(bytes)])
        let rows = try connection.query(
            "SELECT id, status, next_offset, next_line, received, inserted, rejected, blank_lines, reject_file, reject_file_bytes FROM sluice_loads WHERE table_name = ? AND source_sha256 = ?",
            [.string(table), .string(sha256)])
        guard let row = rows.first else {
            throw IngestError(code: .loadInProgress, message: "the load record of \(table) vanished")
        }
        return LoadRecord(
            id: (row[0].int ?? 0), status: Status(rawValue: row[1].text ?? "") ?? .failed,
            nextOffset: (row[2].int ?? 0),
            nextLine: Int((row[3].int ?? 0)),
            counts: LoadCounts(
                received: Int((row[4].int ?? 0)), inserted: Int((row[5].int ?? 0)), rejected: Int((row[6].int ?? 0)),
                blankLines: Int((row[7].int ?? 0))),
            rejectFile: row[8] == .null ? nil : row[8].text, rejectFileBytes: (row[9].int ?? 0))
    }

    /// Starts the load again from the top (after a rollback), keeping its id.
    mutating func reset(rejectFile: String, on connection: Connection) throws {
        try connection.execute(
            "UPDATE sluice_loads SET status = 'running', next_offset = 0, next_line = 1, received = 0, inserted = 0, rejected = 0, blank_lines = 0, reject_file = ?, reject_file_bytes = 0, finished_at = NULL WHERE id = ?",
            [.string(rejectFile), .int(id)])
        self = LoadRecord(
            id: id, status: .running, nextOffset: 0, nextLine: 1, counts: LoadCounts(), rejectFile: rejectFile,
            rejectFileBytes: 0)
    }

    /// Moves the checkpoint forward, in the caller's transaction; fails if another process moved it.
    mutating func advance(
        to offset: Int64, line: Int, counts: LoadCounts, rejectFileBytes: Int64, on connection: Connection
    ) throws {
        let changed = try connection.execute(
            "UPDATE sluice_loads SET status = 'running', next_offset = ?, next_line = ?, received = ?, inserted = ?, rejected = ?, blank_lines = ?, reject_file = ?, reject_file_bytes = ? WHERE id = ? AND next_offset = ?",
            [
                .int(offset), .int(Int64(line)), .int(Int64(counts.received)), .int(Int64(counts.inserted)),
                .int(Int64(counts.rejected)), .int(Int64(counts.blankLines)), rejectFile.map(Value.string) ?? .null,
                .int(rejectFileBytes), .int(id), .int(nextOffset),
            ])
        guard changed == 1 else {
            throw IngestError(
                code: .loadInProgress, message: "another process is loading the same file into this table")
        }
        nextOffset = offset
        nextLine = line
        self.counts = counts
        self.rejectFileBytes = rejectFileBytes
    }

    /// Records the final status.
    mutating func finish(_ status: Status, on connection: Connection) throws {
        try connection.execute(
            "UPDATE sluice_loads SET status = ?, finished_at = CURRENT_TIMESTAMP(6) WHERE id = ?",
            [.string(status.rawValue), .int(id)])
        self.status = status
    }
}

/// Row counts of a load. `received == inserted + rejected` always holds for what was committed.
public struct LoadCounts: Sendable, Codable, Equatable {
    /// Records read from the source (blank lines are not records).
    public var received = 0
    /// Records inserted into the table.
    public var inserted = 0
    /// Records refused and logged with their reasons.
    public var rejected = 0
    /// Empty lines skipped.
    public var blankLines = 0

    /// Creates counts.
    public init(received: Int = 0, inserted: Int = 0, rejected: Int = 0, blankLines: Int = 0) {
        self.received = received
        self.inserted = inserted
        self.rejected = rejected
        self.blankLines = blankLines
    }
}
