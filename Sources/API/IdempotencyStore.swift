import Crypto
import Errors
import Foundation
import MariaDB

/// Remembers the response to each request sent with an `Idempotency-Key`, so a retry gets the same
/// answer without writing again. The same key with a different request is a conflict.
struct IdempotencyStore {
    enum Claim {
        /// First time: process the request, then `save` its response.
        case new
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
        hasher.update(data: Data("\(request.method) \(request.path)?\(request.query.sorted { $0.key < $1.key })\n".utf8))
        hasher.update(data: Data(request.body))
        requestHash = hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Claims the key with a placeholder row, or says what was stored for it.
    func claim(on connection: Connection) throws -> Claim {
        do {
            try connection.execute(
                "INSERT INTO sluice_idempotency (idempotency_key, key_id, request_sha256, status, response) VALUES (?, ?, ?, 0, '')",
                [.string(idempotencyKey), .string(keyID), .string(requestHash)])
            return .new
        } catch MariaDBError.Code.duplicateEntry {
            let rows = try connection.query(
                "SELECT request_sha256, status, response FROM sluice_idempotency WHERE key_id = ? AND idempotency_key = ?",
                [.string(keyID), .string(idempotencyKey)])
            guard let row = rows.first else { return .conflict("the key was just released; retry") }
            guard row[0].description == requestHash else {
                return .conflict("this Idempotency-Key was used with a different request")
            }
            guard case .int(let status) = row[1], status != 0, case .bytes(let body) = row[2] else {
                return .conflict("a request with this Idempotency-Key is still being processed")
            }
            return .replay(status: Int(status), body: body)
        }
    }

    /// Stores the response for replays.
    func save(status: Int, body: [UInt8], on connection: Connection) throws {
        try connection.execute(
            "UPDATE sluice_idempotency SET status = ?, response = ? WHERE key_id = ? AND idempotency_key = ?",
            [.int(Int64(status)), .bytes(body), .string(keyID), .string(idempotencyKey)])
    }

    /// Frees the key after a failure, so a retry is processed.
    func release(on connection: Connection) {
        _ = try? connection.execute(
            "DELETE FROM sluice_idempotency WHERE key_id = ? AND idempotency_key = ? AND status = 0",
            [.string(keyID), .string(idempotencyKey)])
    }
}
