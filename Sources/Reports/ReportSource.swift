public import MariaDB

/// Where report queries run: the primary, or a MariaDB replica while it keeps up
/// (`serve --reports-database-url`). Before each read the replica's lag is known (asked at most
/// once a second); within `maxLag` the replica answers, else the primary does, or, when the policy
/// forbids that, the read fails with `replica_lagging` or `replica_unavailable`. Every answer says
/// which server gave it, so no data comes from a lagging replica without saying so.
public struct ReportSource: Sendable {
    /// What to do when the replica is too far behind, stopped or unreachable.
    public enum Fallback: String, Sendable, CaseIterable {
        /// Answer from the primary.
        case primary
        /// Answer 503 with `replica_lagging` or `replica_unavailable`.
        case none
    }

    /// Which server answered a read.
    public enum Server: String, Sendable, CaseIterable {
        /// The primary (the database every write goes to).
        case primary
        /// The reports replica.
        case replica
    }

    /// Which server answered a read, and what the replica's state was.
    public struct Answer: Sendable, Equatable {
        /// The server that answered.
        public var server: Server
        /// The replica's health when the read was routed; nil when there is no replica.
        public var replica: ReplicaHealth?
        /// The policy's largest lag, in seconds.
        public var maxLag: Int
    }

    private struct Replica: Sendable {
        let pool: ConnectionPool
        let monitor: ReplicaMonitor
        let maxLag: Int
        let fallback: Fallback
    }

    /// The primary's pool: every read without a replica, or that falls back.
    public let primary: ConnectionPool
    private let replica: Replica?

    /// Reports read from the primary only.
    public init(primary: ConnectionPool) {
        self.primary = primary
        self.replica = nil
    }

    /// Reports read from the replica `replica` connects to while it is at most `maxLag` seconds
    /// behind, else as `fallback` says; its health is asked at most once a `checkPeriod`.
    public init(
        primary: ConnectionPool, replica: ConnectionPool, maxLag: Int, fallback: Fallback,
        checkPeriod: Duration = .seconds(1)
    ) {
        self.primary = primary
        self.replica = Replica(
            pool: replica, monitor: ReplicaMonitor(pool: replica, period: checkPeriod), maxLag: maxLag,
            fallback: fallback)
    }

    /// The replica's pool (closed at shutdown along with the primary's), if there is a replica.
    public var replicaPool: ConnectionPool? { replica?.pool }

    /// The replica's health now (asked at most once a period), and the policy's largest lag; nil
    /// when there is no replica.
    public var replicaState: (health: ReplicaHealth, maxLag: Int)? {
        replica.map { ($0.monitor.health(), $0.maxLag) }
    }

    /// Runs `body` on a connection of the server the policy picks (`body` learns which: a replica
    /// takes no writes) and returns its result with the server that answered. A replica that
    /// fails the read is marked unavailable and the read goes to the fallback.
    public func read<T>(_ body: (Connection, Server) throws -> T) throws -> (T, Answer) {
        guard let replica else {
            return (try primary.withConnection { try body($0, .primary) }, Answer(server: .primary, maxLag: 0))
        }
        var health = replica.monitor.health()
        if health.refusal(maxLag: replica.maxLag) == nil {
            do {
                let value = try replica.pool.withConnection { try body($0, .replica) }
                return (value, Answer(server: .replica, replica: health, maxLag: replica.maxLag))
            } catch let error as MariaDBError {
                replica.monitor.failed(error)
                health = .unavailable("a read failed: \(error)")
            }
        }
        if replica.fallback == .none, let refusal = health.refusal(maxLag: replica.maxLag) { throw refusal }
        let value = try primary.withConnection { try body($0, .primary) }
        return (value, Answer(server: .primary, replica: health, maxLag: replica.maxLag))
    }
}
