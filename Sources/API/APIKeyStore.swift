import Crypto
import Foundation
public import MariaDB

/// API keys: created once and shown once, stored only as a SHA-256 of their secret part.
///
/// A key reads `slk_<id>_<secret>`: the id finds the row, the 256-bit random secret is compared
/// by hash in constant time. SHA-256 (not a slow KDF) is right here because the secret is random,
/// not a password a person chose.
public struct APIKeyStore: Sendable {
    /// What a key may do.
    public enum Scope: String, Sendable, CaseIterable, Codable {
        /// Read the rows of the dictionary's tables, and nothing else.
        case read
        /// Send rows to the ingestion API.
        case ingest
        /// Read reports.
        case reports
        /// Everything, including jobs and backups.
        case admin
    }

    /// A stored key, without its secret.
    public struct Key: Sendable, Codable {
        /// The public id.
        public var id: String
        /// Who or what the key is for.
        public var name: String
        /// What it may do.
        public var scopes: [Scope]
        /// When it was created.
        public var createdAt: String
        /// When it was revoked, if it was.
        public var revokedAt: String?

        /// Whether the key grants `scope`: admin grants every scope, and ingest (which writes rows)
        /// also reads them.
        public func allows(_ scope: Scope) -> Bool {
            scopes.contains(scope) || scopes.contains(.admin) || (scope == .read && scopes.contains(.ingest))
        }
    }

    /// Creates a store.
    public init() {}

    /// Creates a key and returns it in full: the only time the secret exists outside its holder.
    public func create(name: String, scopes: [Scope], on connection: Connection) throws -> String {
        let id = Self.randomToken(bytes: 9)
        let secret = Self.randomToken(bytes: 32)
        try connection.execute(
            "INSERT INTO sluice_api_keys (key_id, name, secret_sha256, scopes) VALUES (?, ?, ?, ?)",
            [
                .string(id), .string(name), .string(Self.hash(secret)),
                .string(scopes.map(\.rawValue).joined(separator: ",")),
            ])
        return "slk_\(id)_\(secret)"
    }

    /// Every key, newest first.
    public func list(on connection: Connection) throws -> [Key] {
        try connection.query(
            "SELECT key_id, name, scopes, CAST(created_at AS CHAR), CAST(revoked_at AS CHAR) FROM sluice_api_keys ORDER BY created_at DESC"
        ).map(Self.key)
    }

    /// Revokes the key with this id; false when there is none.
    public func revoke(id: String, on connection: Connection) throws -> Bool {
        try connection.execute(
            "UPDATE sluice_api_keys SET revoked_at = CURRENT_TIMESTAMP(6) WHERE key_id = ? AND revoked_at IS NULL",
            [.string(id)]) == 1
    }

    /// The live key that `presented` is, or nil when it is malformed, unknown, wrong or revoked.
    public func verify(_ presented: String, on connection: Connection) throws -> Key? {
        let parts = presented.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "slk", parts[1].count <= 32 else { return nil }
        let rows = try connection.query(
            "SELECT key_id, name, scopes, CAST(created_at AS CHAR), CAST(revoked_at AS CHAR), secret_sha256 FROM sluice_api_keys WHERE key_id = ?",
            [.string(String(parts[1]))])
        guard let row = rows.first, row[4] == .null else { return nil }
        let expected = Array(row[5].description.utf8)
        let actual = Array(Self.hash(String(parts[2])).utf8)
        guard expected.count == actual.count, zip(expected, actual).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            return nil
        }
        return Self.key(row)
    }

    private static func key(_ row: [Value]) -> Key {
        Key(
            id: row[0].description, name: row[1].description,
            scopes: row[2].description.split(separator: ",").compactMap { Scope(rawValue: String($0)) },
            createdAt: row[3].description, revokedAt: row[4] == .null ? nil : row[4].description)
    }

    static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static func randomToken(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: ".").replacingOccurrences(of: "=", with: "")
    }
}
