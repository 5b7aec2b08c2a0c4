public import Foundation
import JSON
public import MariaDB

/// A process that has (or had) a file store, as `sluice_hosts` records it: where a file kept in that
/// store can be read, and whether it is up now.
public struct StoreHolder: Sendable, Equatable {
    /// The host name.
    public var host: String
    /// The role of the row (`api` or `scheduler`).
    public var role: HostPresence.Role
    /// Where people reach its API, when known.
    public var publicURL: String?
    /// Whether it is up now (heartbeats within its lease, not stopped), by the database's clock.
    public var isUp: Bool
    /// When it stopped or went silent, when it is not up.
    public var downSince: Date?

    /// The processes that have the store `id`, up ones first, then the latest heard from first.
    public static func all(of id: String, on connection: Connection) throws -> [StoreHolder] {
        try connection.query(
            """
            SELECT host_name, role, public_url, stopped_at IS NULL AND lease_expires_at >= UTC_TIMESTAMP(6) AS up,
              COALESCE(stopped_at, heartbeat_at) FROM sluice_hosts WHERE store_id = ? ORDER BY up DESC, heartbeat_at DESC
            """, [.string(id)]
        ).compactMap { row in
            guard let role = HostPresence.Role(rawValue: row[1].description) else { return nil }
            let up = (row[3].int ?? 0) != 0
            return StoreHolder(
                host: row[0].description, role: role, publicURL: row[2].text, isUp: up,
                downSince: up ? nil : DBTime.date(row[4]))
        }
    }

    /// Why a run that needs store `id` is still queued, in words, or nil when a scheduler that has the
    /// store is up (the run is only waiting its turn).
    public static func waitingReason(store id: String, on connection: Connection) throws -> String? {
        let schedulers = try all(of: id, on: connection).filter { $0.role == .scheduler }
        if schedulers.contains(where: \.isUp) { return nil }
        guard let latest = schedulers.first else {
            let writer = try connection.query(
                "SELECT host_name FROM sluice_backups WHERE store_id = ? UNION SELECT host_name FROM sluice_uploads WHERE store_id = ? LIMIT 1",
                [.string(id), .string(id)]
            ).first?[0].text
            return
                "waiting for a scheduler with store \(id) (written by host \(writer ?? "?")); none has run with it yet"
        }
        let since = latest.downSince.map { " since " + InstantText.string($0) } ?? ""
        return "waiting for host \(latest.host) (store \(id)): its scheduler is down\(since)"
    }
}
