public import MariaDB

/// Slows down password guessing: after ``nameLimit`` failed sign-ins for one name, or
/// ``addressLimit`` from one client address, within ``windowSeconds`` of each other, further
/// attempts for that name or from that address are refused for 30 s, doubling with each further
/// failure up to 15 minutes. The counts live in the database, so every host behind a load
/// balancer enforces the same limits and a restart forgets nothing.
public struct SignInThrottle: Sendable {
    /// Failures for one name before it is held back.
    public static let nameLimit = 5
    /// Failures from one address before it is held back (it may be trying many names).
    public static let addressLimit = 20
    /// Failures further apart than this start the count again.
    public static let windowSeconds = 15 * 60

    /// Creates a throttle.
    public init() {}

    /// The seconds until `name` from `address` may try again, or nil when it may try now.
    public func retryAfter(name: String, address: String, on connection: Connection) throws -> Int? {
        let rows = try connection.query(
            "SELECT (TIMESTAMPDIFF(MICROSECOND, CURRENT_TIMESTAMP(6), MAX(blocked_until)) + 999999) DIV 1000000 FROM sluice_sign_in_failures WHERE subject IN (?, ?) AND blocked_until > CURRENT_TIMESTAMP(6)",
            [.string(Self.subject(name: name)), .string(Self.subject(address: address))])
        return rows.first?.first?.int.map { max(1, Int($0)) }
    }

    /// Counts a failed sign-in against `name` and `address`, and forgets counts a day old, so
    /// names an attacker made up do not pile up.
    public func failed(name: String, address: String, on connection: Connection) throws {
        _ = try connection.execute(
            "DELETE FROM sluice_sign_in_failures WHERE last_failure_at < CURRENT_TIMESTAMP(6) - INTERVAL 1 DAY AND (blocked_until IS NULL OR blocked_until < CURRENT_TIMESTAMP(6)) LIMIT 100"
        )
        for (subject, limit) in [
            (Self.subject(name: name), Self.nameLimit), (Self.subject(address: address), Self.addressLimit),
        ] {
            _ = try connection.execute(
                "INSERT INTO sluice_sign_in_failures (subject, failures, last_failure_at) VALUES (?, 1, CURRENT_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE failures = IF(last_failure_at < CURRENT_TIMESTAMP(6) - INTERVAL ? SECOND, 1, failures + 1), last_failure_at = CURRENT_TIMESTAMP(6), blocked_until = IF(failures >= ?, CURRENT_TIMESTAMP(6) + INTERVAL LEAST(900, 30 * POW(2, LEAST(failures - ?, 10))) SECOND, NULL)",
                [.string(subject), .int(Int64(Self.windowSeconds)), .int(Int64(limit)), .int(Int64(limit))])
        }
    }

    /// Forgets the failures of `name` after it signed in (the address's count stays: one good
    /// password must not clear a guesser's record).
    public func succeeded(name: String, on connection: Connection) throws {
        _ = try connection.execute(
            "DELETE FROM sluice_sign_in_failures WHERE subject = ?", [.string(Self.subject(name: name))])
    }

    private static func subject(name: String) -> String { "name:" + String(name.lowercased().prefix(200)) }
    private static func subject(address: String) -> String { "address:" + String(address.prefix(200)) }
}
