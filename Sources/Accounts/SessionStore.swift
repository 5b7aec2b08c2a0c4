import Crypto
import Foundation
public import MariaDB

/// Signed-in sessions: a random 256-bit id in the cookie, only its SHA-256 in the database, with an
/// idle expiry (no request for ``idleSeconds``) and an absolute one (``lifetimeSeconds`` after sign-in).
/// Times are the database's, so every host agrees on them.
public struct SessionStore: Sendable {
    /// A session ends after this long without a request.
    public static let idleSeconds = 30 * 60
    /// A session ends this long after sign-in, however busy.
    public static let lifetimeSeconds = 12 * 60 * 60
    /// How stale `last_seen_at` may get before a request writes it again (one write a minute at most).
    static let touchSeconds = 60

    /// Creates a store.
    public init() {}

    /// Starts a session for `userID` from `address`; returns its id, the only copy outside the
    /// client. Sessions that have expired are deleted on the way.
    public func start(userID: Int64, address: String, on connection: Connection) throws -> String {
        _ = try connection.execute(
            "DELETE FROM sluice_sessions WHERE expires_at < CURRENT_TIMESTAMP(6) OR last_seen_at < CURRENT_TIMESTAMP(6) - INTERVAL ? SECOND",
            [.int(Int64(Self.idleSeconds))])
        let token = Secrets.randomToken(bytes: 32)
        _ = try connection.execute(
            "INSERT INTO sluice_sessions (id_sha256, user_id, address, expires_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP(6) + INTERVAL ? SECOND)",
            [
                .string(Secrets.sha256(token)), .int(userID), .string(String(address.prefix(64))),
                .int(Int64(Self.lifetimeSeconds)),
            ])
        return token
    }

    /// The enabled user of the live session `token`, or nil when it is unknown, expired or the user
    /// is disabled. Marks the session used.
    public func user(of token: String, on connection: Connection) throws -> UserStore.User? {
        guard token.utf8.count <= 64 else { return nil }
        let digest = Secrets.sha256(token)
        let rows = try connection.query(
            "SELECT \(UserStore.fields), TIMESTAMPDIFF(SECOND, s.last_seen_at, CURRENT_TIMESTAMP(6)) FROM sluice_sessions s JOIN sluice_users u ON u.id = s.user_id WHERE s.id_sha256 = ? AND s.expires_at > CURRENT_TIMESTAMP(6) AND s.last_seen_at > CURRENT_TIMESTAMP(6) - INTERVAL ? SECOND AND u.disabled_at IS NULL",
            [.string(digest), .int(Int64(Self.idleSeconds))])
        guard let row = rows.first else { return nil }
        if (row[6].int ?? 0) >= Self.touchSeconds {
            _ = try connection.execute(
                "UPDATE sluice_sessions SET last_seen_at = CURRENT_TIMESTAMP(6) WHERE id_sha256 = ?", [.string(digest)])
        }
        return UserStore.user(row)
    }

    /// Ends the session `token` (signing out); false when there was none.
    @discardableResult
    public func end(_ token: String, on connection: Connection) throws -> Bool {
        try connection.execute("DELETE FROM sluice_sessions WHERE id_sha256 = ?", [.string(Secrets.sha256(token))]) > 0
    }

    /// Ends every session of `userID` (disabled, or a new password).
    public func endAll(userID: Int64, on connection: Connection) throws {
        _ = try connection.execute("DELETE FROM sluice_sessions WHERE user_id = ?", [.int(userID)])
    }

    /// The CSRF token of the session `token`: an HMAC of the session id, so it needs no storage, is
    /// fixed for the session's life and tells nothing of the id.
    public static func csrfToken(for token: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("sluice csrf".utf8), using: SymmetricKey(data: Data(token.utf8)))
        return Secrets.hex(mac)
    }
}
