import Foundation
import MariaDB
import TestSupport

/// Clients sending batches of `hired_employees` rows to one server, each batch with an
/// Idempotency-Key, until stopped; every batch is remembered with the status of its answer.
final class IngestLoad: @unchecked Sendable {
    // @unchecked: the mutable state is in `Locked` values; `task` is set once, in `init`.
    /// One batch a client sent: its key, its row ids, and the status of its answer (nil: none came).
    struct Batch: Sendable {
        let key: String
        let ids: [Int]
        var status: Int?
        var body: String { "[" + ids.map { IngestAPITests.row($0) }.joined(separator: ",") + "]" }
        var answered: Bool { status.map { (200..<300).contains($0) } ?? false }
    }

    private let sent = Locked<[Batch]>([])
    /// The ids this load may send.
    private let range: Range<Int>
    private let stopped = Locked(false)
    private var task: Task<Void, any Error>?

    /// Starts `clients` clients; ids start at `firstID` and never repeat across clients.
    init(client: APIClient, clients: Int = 4, firstID: Int = 1_000_000) {
        range = firstID..<firstID + clients * 1_000_000
        let (sent, stopped) = (sent, stopped)
        task = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for c in 0..<clients {
                    group.addTask {
                        var number = 0
                        while !stopped.get() {
                            let first = firstID + c * 1_000_000 + number * 50
                            var batch = Batch(key: "\(firstID)-\(c)-\(number)", ids: Array(first..<first + 50))
                            batch.status = try? await Self.send(batch, with: client)
                            sent.update { $0.append(batch) }
                            number += 1
                            // A client backs off after a failure, as a real one does.
                            if !batch.answered { try await Task.sleep(for: .milliseconds(200)) }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    /// The batches sent so far.
    var batches: [Batch] { sent.get() }

    /// Waits until `count` batches were answered 2xx (at most 60 s).
    func waitForAnswers(_ count: Int) -> Bool { waitUntil(60) { batches.filter(\.answered).count >= count } }

    /// Stops the clients and waits for them.
    func stop() async throws {
        stopped.set(true)
        try await task?.value
    }

    /// Sends each batch not answered 2xx again, with its key, through `client`; returns the statuses.
    func retryUnanswered(with client: APIClient) async throws -> [Int] {
        var statuses: [Int] = []
        for batch in batches where !batch.answered { statuses.append(try await Self.send(batch, with: client)) }
        return statuses
    }

    /// The rows of 2xx answers missing from `hired_employees`, and the ids there (of this load's
    /// range) no batch sent.
    func check(_ connection: Connection) throws -> (lost: Int, strangers: Int) {
        let stored = try storedIDs(connection)
        let everySent = Set(batches.flatMap(\.ids))
        return (
            batches.filter(\.answered).flatMap(\.ids).filter { !stored.contains($0) }.count,
            stored.subtracting(everySent).count
        )
    }

    /// After every batch was retried: the rows of a sent batch missing from the table, and the rows
    /// written twice (rejects of a second processing; the primary key keeps the table itself unique).
    func reconcile(_ connection: Connection) throws -> (lost: Int, doubled: Int) {
        let stored = try storedIDs(connection)
        let rejects = Int(try connection.scalar("SELECT COUNT(*) FROM sluice_rejects WHERE origin = 'api'")) ?? -1
        return (Set(batches.flatMap(\.ids)).subtracting(stored).count, rejects)
    }

    private func storedIDs(_ connection: Connection) throws -> Set<Int> {
        let rows = try connection.query(
            "SELECT id FROM hired_employees WHERE id >= ? AND id < ?",
            [.int(Int64(range.lowerBound)), .int(Int64(range.upperBound))])
        return Set(rows.compactMap { $0[0].int.map(Int.init) })
    }

    private static func send(_ batch: Batch, with client: APIClient) async throws -> Int {
        try await client.postJSON(IngestAPITests.path, batch.body, headers: ["Idempotency-Key": batch.key]).status
    }
}

/// Polls `GET /health/ready` until it answers `status` (at most `timeout` seconds).
func waitForReady(_ client: APIClient, status: Int = 200, timeout: TimeInterval = 5) async -> Bool {
    let deadline = Date() + timeout
    while Date() < deadline {
        if (try? await client.send("GET", "/health/ready").status) == status { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return false
}

/// Ages every unanswered Idempotency-Key placeholder past `IdempotencyStore.abandonedAfter`: it
/// stands for a client waiting those 120 s before its retry.
func ageIdempotencyPlaceholders(_ connection: Connection) throws {
    try connection.execute("UPDATE sluice_idempotency SET created_at = created_at - INTERVAL 1 HOUR WHERE status = 0")
}
