import DataDictionary
import Errors
import JSON
import Jobs
import Loading
import MariaDB
import Synchronization

/// `GET /api/v1/jobs/{id}/rejects.csv`: a migration run's rejected rows as the fixable CSV, read
/// from the reject log page by page while the answer is sent, never all at once.
///
/// The lines are those of the migration's reject file (`--reject-file`): each row's raw bytes as
/// received, then `line,column,rule,reason`. A header line comes first: the table's columns, then
/// those four.
struct RejectsDownload: Sendable {
    /// Rejected rows read from the database per page.
    static let pageRows = 500

    let service: JobService
    let dictionary: DataDictionary
    let pool: ConnectionPool

    /// The CSV of run `id`: 404 `not_found` for an unknown run, 404 `no_rejects` for a run that is
    /// not a finished migration. The first page is read before answering, so a database outage
    /// is still a 503.
    func answer(run id: Int64) throws -> APIResponse {
        let run = try service.run(id)
        guard run.kind == "migrate", case .integer(let loadID)? = run.summary?.object?["loadID"],
            case .string(let table)? = run.summary?.object?["table"]
        else {
            throw APIError("no_rejects", status: 404, "run \(id) is not a finished migration: it has no rejected rows")
        }
        let columns = dictionary.table(named: table)?.columns.map(\.name) ?? []
        let first = try page(of: loadID, after: 0)
        let cursor = Mutex(Cursor(pending: RejectedRow.csvHeader(columns: columns) + first.bytes, page: first))
        return .stream(
            contentType: "text/csv; charset=utf-8",
            headers: [("Content-Disposition", #"attachment; filename="run-\#(id)-rejects.csv""#)]
        ) {
            try cursor.withLock { cursor -> [UInt8]? in
                if let pending = cursor.pending {
                    cursor.pending = nil
                    return pending
                }
                guard !cursor.page.isLast else { return nil }
                cursor.page = try page(of: loadID, after: cursor.page.lastID)
                return cursor.page.bytes
            }
        }
    }

    /// Where a download has got to: bytes not yet handed out, and the last page read.
    private struct Cursor {
        var pending: [UInt8]?
        var page: Page
    }

    /// One page of rejected rows as CSV lines.
    private struct Page {
        var bytes: [UInt8]
        /// The reject log id of the page's last row: the next page starts after it.
        var lastID: Int64
        /// Whether no row follows.
        var isLast: Bool
    }

    /// The load's rejected rows after reject log id `lastID`, in the order they were committed.
    private func page(of loadID: Int64, after lastID: Int64) throws -> Page {
        let rows = try pool.withConnection { connection in
            try connection.query(
                "SELECT id, position, raw, reasons FROM sluice_rejects WHERE load_id = ? AND id > ? ORDER BY id LIMIT \(Self.pageRows)",
                [.int(loadID), .int(lastID)])
        }
        var bytes: [UInt8] = []
        for row in rows {
            let raw: [UInt8]
            if case .bytes(let stored) = row[2] { raw = stored } else { raw = Array(row[2].description.utf8) }
            let violations = (try? JSON.decode([Violation].self, from: row[3].description)) ?? []
            bytes += RejectedRow(position: Int(row[1].int ?? 0), raw: raw, violations: violations).csvLine
        }
        return Page(bytes: bytes, lastID: rows.last?[0].int ?? lastID, isLast: rows.count < Self.pageRows)
    }
}
