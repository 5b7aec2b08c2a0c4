import Errors
public import Foundation
public import MariaDB

/// The people who sign in to the admin site: a name, a role and a scrypt password hash each.
/// Users are disabled, never deleted, so the audit trail's names keep meaning someone.
public struct UserStore: Sendable {
    /// A user as listed, without the password hash.
    public struct User: Sendable, Codable, Equatable {
        /// The row id.
        public var id: Int64
        /// The sign-in name.
        public var name: String
        /// What the user may do.
        public var role: Role
        /// When the user was created.
        public var createdAt: Date?
        /// When the user was disabled, if they are.
        public var disabledAt: Date?
        /// When the user last signed in, if ever.
        public var lastSignInAt: Date?
    }

    /// Creates a store.
    public init() {}

    /// Creates a user; throws `invalid_name`, `weak_password` or `user_exists`.
    @discardableResult
    public func create(name: String, role: Role, password: String, on connection: Connection) throws -> User {
        try Self.check(name: name)
        let hash = try PasswordHash(password: password)
        do {
            _ = try connection.execute(
                "INSERT INTO sluice_users (name, role, password_hash) VALUES (?, ?, ?)",
                [.string(name), .string(role.rawValue), .string(hash.stored)])
        } catch let error as MariaDBError where error.code == .duplicateEntry {
            throw AccountsError(.userExists, "a user named '\(name)' exists")
        }
        return try user(named: name, on: connection)
    }

    /// Every user, by name.
    public func list(on connection: Connection) throws -> [User] {
        try connection.query("SELECT \(Self.fields) FROM sluice_users u ORDER BY u.name").map(Self.user)
    }

    /// The user named `name`, or `user_not_found`.
    public func user(named name: String, on connection: Connection) throws -> User {
        guard
            let row = try connection.query(
                "SELECT \(Self.fields) FROM sluice_users u WHERE u.name = ?", [.string(name)]
            ).first
        else {
            throw AccountsError(.userNotFound, "no user named '\(name)'")
        }
        return Self.user(row)
    }

    /// Disables (or enables again) the user named `name`; disabling ends their sessions. The last
    /// enabled admin cannot be disabled (`last_admin`): nobody could manage users afterwards.
    @discardableResult
    public func setDisabled(_ disabled: Bool, name: String, on connection: Connection) throws -> User {
        let user = try user(named: name, on: connection)
        if disabled && user.role == .admin && user.disabledAt == nil {
            let others = try connection.query(
                "SELECT COUNT(*) FROM sluice_users WHERE role = 'admin' AND disabled_at IS NULL AND id <> ?",
                [.int(user.id)])
            guard others.first?.first?.description != "0" else {
                throw AccountsError(.lastAdmin, "\(name) is the last enabled admin; make another admin first")
            }
        }
        _ = try connection.execute(
            disabled
                ? "UPDATE sluice_users SET disabled_at = CURRENT_TIMESTAMP(6) WHERE id = ? AND disabled_at IS NULL"
                : "UPDATE sluice_users SET disabled_at = NULL WHERE id = ?", [.int(user.id)])
        if disabled { try SessionStore().endAll(userID: user.id, on: connection) }
        return try self.user(named: name, on: connection)
    }

    /// Sets a new password for `name` and ends their sessions; throws `weak_password` or `user_not_found`.
    public func resetPassword(name: String, password: String, on connection: Connection) throws {
        let user = try user(named: name, on: connection)
        let hash = try PasswordHash(password: password)
        _ = try connection.execute(
            "UPDATE sluice_users SET password_hash = ? WHERE id = ?", [.string(hash.stored), .int(user.id)])
        try SessionStore().endAll(userID: user.id, on: connection)
    }

    /// The enabled user whose name and password these are, or nil. An unknown name costs the same
    /// scrypt work as a known one, so timing does not tell which names exist.
    public func authenticate(name: String, password: String, on connection: Connection) throws -> User? {
        let rows = try connection.query(
            "SELECT password_hash, disabled_at FROM sluice_users WHERE name = ?", [.string(name)])
        guard let row = rows.first, let hash = PasswordHash(stored: row[0].description) else {
            _ = Self.decoy?.verify(password)
            return nil
        }
        guard hash.verify(password), row[1] == .null else { return nil }
        _ = try connection.execute(
            "UPDATE sluice_users SET last_sign_in_at = CURRENT_TIMESTAMP(6) WHERE name = ?", [.string(name)])
        return try user(named: name, on: connection)
    }

    /// Throws `invalid_name` unless `name` is 1 to 64 letters, digits, `.`, `_`, `-` or `@`.
    static func check(name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9" as ClosedRange<Unicode.Scalar>).contains($0)
                || ".-_@".unicodeScalars.contains($0)
        }
        guard !name.isEmpty, name.count <= 64, allowed else {
            throw AccountsError(
                .invalidName, "a user name is 1 to 64 letters, digits, '.', '_', '-' or '@'")
        }
    }

    /// Verified when the name is unknown, so that answer takes as long as a wrong password: a hash
    /// with the default parameters whose key is all zeros, which no known password gives.
    private static let decoy = PasswordHash(
        stored: "scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")

    /// The columns of a ``User``, of the users table aliased `u`.
    static let fields =
        "u.id, u.name, u.role, CAST(u.created_at AS CHAR), CAST(u.disabled_at AS CHAR), CAST(u.last_sign_in_at AS CHAR)"

    /// The user of a row that starts with ``fields``.
    static func user(_ row: [Value]) -> User {
        User(
            id: row[0].int ?? 0, name: row[1].description, role: Role(rawValue: row[2].description) ?? .viewer,
            createdAt: DBTime.date(row[3]), disabledAt: DBTime.date(row[4]), lastSignInAt: DBTime.date(row[5]))
    }
}
