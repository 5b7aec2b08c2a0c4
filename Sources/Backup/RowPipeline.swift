import Foundation
import MariaDB

/// Runs a query's rows through `body` while the next rows are already being fetched: the
/// connection reads on a thread of its own and hands rows over in batches, at most `depth`
/// batches ahead, so fetching overlaps with encoding and compressing.
enum RowPipeline {
    static let batchRows = 2_048
    static let depth = 4

    /// Calls `body` with every row of `sql`, in order. The connection is used only by the fetching
    /// thread until this returns; an error from either side ends both.
    static func forEachRow(_ sql: String, on connection: Connection, _ body: ([Value]) throws -> Void) throws {
        let channel = Channel()
        let fetcher = Fetcher(connection: connection)
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            channel.close(fetcher.fetch(sql, into: channel))
            finished.signal()
        }
        thread.name = "sluice.backup-fetch"
        thread.start()
        defer {
            channel.cancel()
            finished.wait()
        }
        while let batch = try channel.take() {
            for row in batch { try body(row) }
        }
    }

    /// The connection, handed to the fetching thread, its only user until the pipeline ends.
    ///
    /// `@unchecked Sendable`: the caller waits for the thread before touching the connection again.
    private struct Fetcher: @unchecked Sendable {
        let connection: Connection

        /// Fetches every row into `channel`; returns the error that stopped it, if any.
        func fetch(_ sql: String, into channel: Channel) -> (any Error)? {
            var batch: [[Value]] = []
            batch.reserveCapacity(RowPipeline.batchRows)
            do {
                try connection.forEachRow(sql) { row in
                    batch.append(row)
                    if batch.count == RowPipeline.batchRows {
                        try channel.put(batch)
                        batch = []
                        batch.reserveCapacity(RowPipeline.batchRows)
                    }
                }
                if !batch.isEmpty { try channel.put(batch) }
                return nil
            } catch {
                return error
            }
        }
    }

    /// A bounded queue of row batches between the two threads.
    ///
    /// `@unchecked Sendable`: every field is guarded by `condition`.
    private final class Channel: @unchecked Sendable {
        private let condition = NSCondition()
        private var batches: [[[Value]]] = []
        private var closed = false
        private var cancelled = false
        private var failure: (any Error)?

        /// Adds a batch, waiting while the queue is full; throws once the consumer has gone.
        func put(_ batch: [[Value]]) throws {
            try condition.withLock {
                while batches.count >= RowPipeline.depth && !cancelled { condition.wait() }
                guard !cancelled else { throw CancellationError() }
                batches.append(batch)
                condition.broadcast()
            }
        }

        /// The next batch, waiting for it; nil after the last. Rethrows the fetcher's error.
        func take() throws -> [[Value]]? {
            try condition.withLock {
                while batches.isEmpty && !closed { condition.wait() }
                if !batches.isEmpty {
                    condition.broadcast()
                    return batches.removeFirst()
                }
                if let failure { throw failure }
                return nil
            }
        }

        /// No more batches will come; `error` is why, if the fetch failed.
        func close(_ error: (any Error)?) {
            condition.withLock {
                closed = true
                failure = error
                condition.broadcast()
            }
        }

        /// The consumer has stopped: the fetcher's next `put` throws.
        func cancel() {
            condition.withLock {
                cancelled = true
                condition.broadcast()
            }
        }
    }
}
