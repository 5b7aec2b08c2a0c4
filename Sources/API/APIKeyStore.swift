import Accounts
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
        /// Upload files, run and cancel jobs and edit schedules, without admin rights (automation).
        case `operator`
        /// Everything, including restores, keys and users.
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
        /// When it was last used (to the minute), if ever.
        public var lastUsedAt: String?
    }

    /// Creates a store.
    public init() {}

    /// Creates a key and returns it in full: the only time the secret exists outside its holder.
    public func create(name: String, scopes: [Scope], on connection: Connection) throws -> String {
        let id = Secrets.randomToken(bytes: 9)
        let secret = Secrets.randomToken(bytes: 32)
        try connection.execute(
            "INSERT INTO sluice_api_keys (key_id, name, secret_sha256, scopes) VALUES (?, ?, ?, ?)",
            [
                .string(id), .string(name), .string(Secrets.sha256(secret)),
                .string(scopes.map(\.rawValue).joined(separator: ",")),
            ])
        return "slk_\(id)_\(secret)"
    }

    /// Every key, newest first.
    public func list(on connection: Connection) throws -> [Key] {
        try connection.query(
            "SELECT \(Self.fields) FROM sluice_api_keys ORDER BY created_at DESC"
        ).map(Self.key)
    }

    /// Revokes the key with this id; false when there is none.
    public func revoke(id: String, on connection: Connection) throws -> Bool {
        try connection.execute(
            "UPDATE sluice_api_keys SET revoked_at = CURRENT_TIMESTAMP(6) WHERE key_id = ? AND revoked_at IS NULL",
            [.string(id)]) == 1
    }

    /// The live key that `presented` is, or nil when it is malformed, unknown, wrong or revoked;
    /// a key found is marked used (at most one write a minute).
    public func verify(_ presented: String, on connection: Connection) throws -> Key? {
        let parts = presented.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "slk", parts[1].count <= 32 else { return nil }
        let rows = try connection.query(
            "SELECT \(Self.fields), secret_sha256 FROM sluice_api_keys WHERE key_id = ?", [.string(String(parts[1]))])
        guard let row = rows.first, row[4] == .null,
            Secrets.equal(Array(row[6].description.utf8), Array(Secrets.sha256(String(parts[2])).utf8))
        else { return nil }
        _ = try connection.execute(
            "UPDATE sluice_api_keys SET last_used_at = CURRENT_TIMESTAMP(6) WHERE key_id = ? AND (last_used_at IS NULL OR last_used_at < CURRENT_TIMESTAMP(6) - INTERVAL 60 SECOND)",
            [row[0]])
        return Self.key(row)
    }

    private static let fields =
        "key_id, name, scopes, CAST(created_at AS CHAR), CAST(revoked_at AS CHAR), CAST(last_used_at AS CHAR)"

    private static func key(_ row: [Value]) -> Key {
        Key(
            id: row[0].description, name: row[1].description,
            scopes: row[2].description.split(separator: ",").compactMap { Scope(rawValue: String($0)) },
            createdAt: row[3].description, revokedAt: row[4].text, lastUsedAt: row[5].text)
    }
}
