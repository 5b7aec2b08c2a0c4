import Foundation
public import Loading
public import MariaDB

/// Reads `sluice_hosts` (and the runs each scheduler lost) into one `HostRecord` per process.
public struct HostDirectory: Sendable {
    /// The most lost runs listed per process.
    public static let mostLostRuns = 50

    private let listSQL: String
    private let lostSQL: String

    /// A directory whose queries are read from `sqlDirectory`.
    public init(sqlDirectory: SQLDirectory) throws {
        listSQL = try sqlDirectory.read("hosts_list.sql")
        lostSQL = try sqlDirectory.read("hosts_lost_runs.sql")
    }

    /// Every registered process, by host name and start.
    public func list(on connection: Connection) throws -> [HostRecord] {
        var order: [String] = []
        var records: [String: HostRecord] = [:]
        var live: [String: [HostRecord.State]] = [:]
        for row in try connection.query(listSQL) {
            let id = row[0].description
            let state = HostRecord.State(rawValue: row[10].description) ?? .down
            let heartbeat = DBTime.date(row[7]) ?? .distantPast
            let age = Double(row[11].description) ?? 0
            let uptime = Double(row[12].description) ?? 0
            let workers = Self.runIDs(row[9].description)
            live[id, default: []].append(state)
            guard var record = records[id] else {
                order.append(id)
                records[id] = HostRecord(
                    id: id, host: row[2].description, pid: row[3].int ?? 0, roles: [row[1].description],
                    version: row[4].description, publicURL: row[5].text, state: state,
                    started: DBTime.date(row[6]) ?? .distantPast, lastHeartbeat: heartbeat,
                    heartbeatAgeSeconds: age, uptimeSeconds: uptime, stopped: DBTime.date(row[8]), workers: workers,
                    workerCount: workers.count, lostRuns: [], store: row[13].text)
                continue
            }
            record.roles = (record.roles + [row[1].description]).sorted()
            record.publicURL = record.publicURL ?? row[5].text
            record.store = record.store ?? row[13].text
            if heartbeat > record.lastHeartbeat {
                record.lastHeartbeat = heartbeat
                record.heartbeatAgeSeconds = age
            }
            record.uptimeSeconds = max(record.uptimeSeconds, uptime)
            record.stopped = [record.stopped, DBTime.date(row[8])].compactMap { $0 }.max()
            record.workers = (record.workers + workers).sorted()
            record.workerCount = record.workers.count
            records[id] = record
        }
        for row in try connection.query(lostSQL) {
            let id = row[0].description
            guard var record = records[id], record.lostRuns.count < Self.mostLostRuns else { continue }
            record.lostRuns.append(HostRecord.LostRun(id: row[1].int ?? 0, retry: row[2].int))
            records[id] = record
        }
        return order.compactMap { id in
            guard var record = records[id] else { return nil }
            record.state = Self.merged(live[id] ?? [])
            if record.state != .stopped { record.stopped = nil }
            return record
        }
    }

    /// A process is stopped when every role stopped, down when any role it did not stop is down.
    static func merged(_ states: [HostRecord.State]) -> HostRecord.State {
        if states.allSatisfy({ $0 == .stopped }) { return .stopped }
        return states.contains(.down) ? .down : .up
    }

    /// The run ids of a `workers` JSON array.
    static func runIDs(_ text: String) -> [Int64] {
        text.split(whereSeparator: { "[], ".contains($0) }).compactMap { Int64($0) }
    }
}
