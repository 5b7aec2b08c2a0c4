import Loading
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
        // The caller waits for the fetching thread before it touches the connection again.
        let fetching = UncheckedTransfer(connection)
        let batches = Prefetcher<[[Value]]>(depth: depth) { put in
            var batch: [[Value]] = []
            batch.reserveCapacity(batchRows)
            try fetching.value.forEachRow(sql) { row in
                batch.append(row)
                if batch.count == batchRows {
                    try put(batch)
                    batch = []
                    batch.reserveCapacity(batchRows)
                }
            }
            if !batch.isEmpty { try put(batch) }
        }
        defer { batches.cancelAndWait() }
        while let batch = try batches.next() {
            for row in batch { try body(row) }
        }
    }
}
