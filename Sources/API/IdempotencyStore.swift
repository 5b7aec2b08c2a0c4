import Crypto
import Errors
import Foundation
import MariaDB

/// Remembers the response to each request sent with an `Idempotency-Key`, so a retry gets the same
/// answer without writing again. The same key with a different request is a conflict.
///
/// The first request takes the key with a placeholder row that records when (in database time).
/// Its response is stored in the transaction that writes its rows, so a server killed mid-request
/// leaves the rows and the response both written or neither. A placeholder older than
/// `abandonedAfter` belongs to a request that will never answer (its server was killed): a retry
/// of the same request takes it over, atomically, and is processed. A request whose placeholder
/// was taken over cannot commit any more, so a batch is never written twice.
struct IdempotencyStore {
    /// How long a request may hold its key before a retry of it may take it over: far longer than
    /// a batch of at most 1,000 rows takes, even waiting for a row lock (at most `serve
    /// --database-timeout`, 15 s by default). Only how soon a retry can succeed depends on it, not exactly-once: a
    /// request still running when a retry takes its key over cannot commit (`complete` throws).
    static let abandonedAfter: Duration = .seconds(120)

    /// A key held by this request: the instant it was taken, which identifies the holder.
    struct Placeholder {
        let takenAt: Value
    }

    enum Claim {
        /// First time, or a retry taking over an abandoned request: process the request, with
        /// `complete` in the transaction that writes it.
        case new(Placeholder)
        /// Seen before with the same request: replay this response.
        case replay(status: Int, body: [UInt8])
        /// Seen before with a different request, or still being processed.
        case conflict(String)
    }

    let keyID: String
    let idempotencyKey: String
    let requestHash: String

    init(keyID: String, idempotencyKey: String, request: APIRequest) {
        self.keyID = keyID
        self.idempotencyKey = idempotencyKey
        var hasher = SHA256()
        hasher.update(
            data: Data("\(request.method) \(request.path)?\(request.query.sorted { $0.key < $1.key })\n".utf8))
        hasher.update(data: Data(request.body))
        requestHash = hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    private var key: [Value] { [.string(keyID), .string(idempotencyKey)] }
    private static var abandonedMicroseconds: Value { .int(abandonedAfter.components.seconds * 1_000_000) }

    /// Claims the key with a placeholder row, takes over an abandoned one, or says what was stored for it.
    func claim(on connection: Connection) throws -> Claim {
        let now = try connection.query("SELECT UTC_TIMESTAMP(6)").first?.first ?? .null
        do {
            try connection.execute(
                """
                INSERT INTO sluice_idempotency (key_id, idempotency_key, request_sha256, status, response, created_at)
                VALUES (?, ?, ?, 0, '', ?)
                """, key + [.string(requestHash), now])
            return .new(Placeholder(takenAt: now))
        } catch MariaDBError.Code.duplicateEntry {
            let rows = try connection.query(
                """
                SELECT request_sha256, status, response, created_at,
                  created_at < UTC_TIMESTAMP(6) - INTERVAL ? MICROSECOND
                FROM sluice_idempotency WHERE key_id = ? AND idempotency_key = ?
                """, [Self.abandonedMicroseconds] + key)
            guard let row = rows.first else { return .conflict("the key was just released; retry") }
            guard row[0].description == requestHash else {
                return .conflict("this Idempotency-Key was used with a different request")
            }
            if case .int(let status) = row[1], status != 0, case .bytes(let body) = row[2] {
                return .replay(status: Int(status), body: body)
            }
            guard row[4].int == 1, try takeOver(from: row[3], at: now, on: connection) else {
                return .conflict("a request with this Idempotency-Key is still being processed")
            }
            return .new(Placeholder(takenAt: now))
        }
    }

    /// Moves an abandoned placeholder taken at `old` to `now`; false when another retry did first.
    private func takeOver(from old: Value, at now: Value, on connection: Connection) throws -> Bool {
        try connection.execute(
            """
            UPDATE sluice_idempotency SET created_at = ?
            WHERE key_id = ? AND idempotency_key = ? AND status = 0 AND created_at = ?
              AND created_at < UTC_TIMESTAMP(6) - INTERVAL ? MICROSECOND
            """, [now] + key + [old, Self.abandonedMicroseconds]) == 1
    }

    /// Stores the response for replays; call it in the transaction that writes the request's rows.
    /// Throws a conflict (so the transaction rolls back) when a retry took the key over meanwhile.
    func complete(_ placeholder: Placeholder, status: Int, body: [UInt8], on connection: Connection) throws {
        let changed = try connection.execute(
            """
            UPDATE sluice_idempotency SET status = ?, response = ?
            WHERE key_id = ? AND idempotency_key = ? AND status = 0 AND created_at = ?
            """, [.int(Int64(status)), .bytes(body)] + key + [placeholder.takenAt])
        guard changed == 1 else {
            throw APIError(
                "idempotency_conflict", status: 409,
                "a retry with this Idempotency-Key took the request over: it was not answered within \(Self.abandonedAfter)"
            )
        }
    }

    /// Frees the key after a failure, so a retry is processed (unless a retry holds it by now).
    func release(_ placeholder: Placeholder, on connection: Connection) {
        _ = try? connection.execute(
            "DELETE FROM sluice_idempotency WHERE key_id = ? AND idempotency_key = ? AND status = 0 AND created_at = ?",
            key + [placeholder.takenAt])
    }
}
