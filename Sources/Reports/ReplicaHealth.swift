public import Errors
public import MariaDB

/// What a MariaDB replica says of its replication (`SHOW REPLICA STATUS`): how far its data is
/// behind the primary's, or why that cannot be known.
public enum ReplicaHealth: Sendable, Equatable {
    /// Both replication threads run and the replica applies what the primary wrote this many
    /// seconds ago (`Seconds_Behind_Master`; 0 when it has applied everything it received).
    case replicating(lagSeconds: Int)
    /// A replication thread is stopped or failed, so its data may be any age: why.
    case stopped(String)
    /// The replica cannot be asked (down, unreachable, not a replica, no right to the status): why.
    case unavailable(String)

    /// The lag, when it is known.
    public var lagSeconds: Int? {
        if case .replicating(let lag) = self { return lag }
        return nil
    }

    /// `ok`, `lagging` (more than `maxLag` seconds behind), `stopped` or `unavailable`: the state
    /// in headers and metrics.
    public func state(maxLag: Int) -> String {
        switch self {
        case .replicating(let lag): lag > maxLag ? "lagging" : "ok"
        case .stopped: "stopped"
        case .unavailable: "unavailable"
        }
    }

    /// Why the replica cannot answer under a `maxLag` policy, or nil when it can.
    public func refusal(maxLag: Int) -> ReportError? {
        switch self {
        case .replicating(let lag) where lag <= maxLag:
            nil
        case .replicating(let lag):
            ReportError(
                code: .replicaLagging,
                message: "the reports replica is \(lag) s behind the primary (at most \(maxLag) s)")
        case .stopped(let why):
            ReportError(code: .replicaLagging, message: "the reports replica does not replicate: \(why)")
        case .unavailable(let why):
            ReportError(code: .replicaUnavailable, message: "the reports replica cannot be asked: \(why)")
        }
    }

    /// Asks the replica behind `connection`: one `SHOW REPLICA STATUS`, read by column name. Never
    /// throws: what fails is the answer (`unavailable`).
    public static func check(on connection: Connection) -> ReplicaHealth {
        do {
            let statement = try connection.prepare("SHOW REPLICA STATUS")
            try statement.execute([])
            let names = statement.columnNames
            var rows: [[Value]] = []
            try statement.forEachRow { rows.append($0) }
            guard let row = rows.first else { return .unavailable("not a replica (SHOW REPLICA STATUS is empty)") }
            return health(Dictionary(zip(names, row), uniquingKeysWith: { first, _ in first }))
        } catch let error as MariaDBError where error.code == 1227 {
            // ER_SPECIFIC_ACCESS_DENIED_ERROR: the reports user lacks the right to the status.
            return .unavailable("its user may not read SHOW REPLICA STATUS (GRANT REPLICA MONITOR): \(error.message)")
        } catch let error as MariaDBError {
            return .unavailable(error.message)
        } catch {
            return .unavailable("\(error)")
        }
    }

    /// The health a status row shows, its columns by name (MariaDB's names, or MySQL's newer ones).
    static func health(_ status: [String: Value]) -> ReplicaHealth {
        func text(_ names: String...) -> String {
            names.lazy.compactMap { status[$0] }.first.map { $0 == .null ? "" : $0.description } ?? ""
        }
        let io = text("Slave_IO_Running", "Replica_IO_Running")
        let sql = text("Slave_SQL_Running", "Replica_SQL_Running")
        guard io == "Yes", sql == "Yes" else {
            let error = [text("Last_IO_Error"), text("Last_SQL_Error")].filter { !$0.isEmpty }.joined(separator: "; ")
            return .stopped(
                "IO thread \(io.isEmpty ? "?" : io), SQL thread \(sql.isEmpty ? "?" : sql)"
                    + (error.isEmpty ? "" : ": \(error)"))
        }
        guard let lag = Int(text("Seconds_Behind_Master", "Seconds_Behind_Source")) else {
            return .stopped("its lag is unknown (Seconds_Behind_Master is NULL)")
        }
        return .replicating(lagSeconds: lag)
    }
}
