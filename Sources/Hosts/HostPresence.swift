import Foundation
public import Loading
public import MariaDB

/// One role of this process in `sluice_hosts`: a heartbeat renews its lease, a clean shutdown marks
/// it stopped, and a silent row is shown down by readers once its lease has passed.
///
/// Blocking: each call runs one statement on the connection it is given.
public struct HostPresence: Sendable {
    /// The roles a process plays.
    public enum Role: String, Sendable, CaseIterable {
        /// `sluice serve`'s HTTP server.
        case api
        /// A job scheduler (`sluice scheduler`, or the one inside `sluice serve`).
        case scheduler
    }

    /// How long a row stays unpruned after its last heartbeat.
    public static let kept: Duration = .seconds(7 * 24 * 3600)

    /// The process.
    public let identity: HostIdentity
    /// The role this row is for.
    public let role: Role
    /// How long a heartbeat keeps the row up.
    public let lease: Duration
    /// Where people reach this process (the API's URL), when known.
    public let publicURL: String?
    /// The id of the file store this process has, when it has one.
    public let storeID: String?
    private let beatSQL: String

    /// A presence of `identity` in `role`, with the store `storeID`, its heartbeat statement read
    /// from `sqlDirectory`.
    public init(
        identity: HostIdentity = .current, role: Role, lease: Duration, publicURL: String? = nil,
        storeID: String? = nil, sqlDirectory: SQLDirectory
    ) throws {
        self.identity = identity
        self.role = role
        self.lease = lease
        self.publicURL = publicURL
        self.storeID = storeID
        beatSQL = try sqlDirectory.read("host_beat.sql")
    }

    /// Registers the row or renews its lease, recording the runs `workers` execute now.
    public func beat(workers: [Int64] = [], on connection: Connection) throws {
        let micros = lease.components.seconds * 1_000_000 + lease.components.attoseconds / 1_000_000_000_000
        try connection.execute(
            beatSQL,
            [
                .string(identity.id), .string(role.rawValue), .string(identity.hostName), .int(Int64(identity.pid)),
                .string(identity.version), publicURL.map { .string($0) } ?? .null, DBTime.value(identity.started),
                .int(micros), .string("[" + workers.sorted().map(String.init).joined(separator: ",") + "]"),
                storeID.map { .string($0) } ?? .null,
            ])
    }

    /// Marks the row stopped (a clean shutdown): readers show it stopped, not down.
    public func stop(on connection: Connection) throws {
        try connection.execute(
            "UPDATE sluice_hosts SET stopped_at = UTC_TIMESTAMP(6), workers = '[]' WHERE instance_id = ? AND role = ?",
            [.string(identity.id), .string(role.rawValue)])
    }

    /// Deletes every row silent for longer than `kept` (any process's).
    public func prune(on connection: Connection) throws {
        try connection.execute(
            "DELETE FROM sluice_hosts WHERE heartbeat_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND",
            [.int(Self.kept.components.seconds)])
    }
}
