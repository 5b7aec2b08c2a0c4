import Loading
import MariaDB

/// Runs a query's rows through `body` while the next rows are already being fetched: the
/// connection reads on a thread of its own and hands rows over in batches, at most `depth`
/// batches ahead, so fetching overlaps with encoding and compressing. The fetching thread also
/// computes the rows' ``ContentChecksum``, which takes that work off the encoding thread.
enum RowPipeline {
    static let batchRows = 2_048
    static let depth = 4

    /// The checksum the fetching thread finished; read only after it has ended.
    private final class Digest: @unchecked Sendable {
        var hex = ""
    }

    /// Calls `body` with every row of `sql`, in order, and returns the rows' ``ContentChecksum``.
    /// The connection is used only by the fetching thread until this returns; an error from either
    /// side ends both.
    static func forEachRow(_ sql: String, on connection: Connection, _ body: ([Value]) throws -> Void) throws
        -> String
    {
        // The caller waits for the fetching thread before it touches the connection again.
        let fetching = UncheckedTransfer(connection)
        let digest = Digest()
        let batches = Prefetcher<[[Value]]>(depth: depth) { put in
            var content = ContentChecksum()
            var batch: [[Value]] = []
            batch.reserveCapacity(batchRows)
            try fetching.value.forEachRow(sql) { row in
                content.add(row)
                batch.append(row)
                if batch.count == batchRows {
                    try put(batch)
                    batch = []
                    batch.reserveCapacity(batchRows)
                }
            }
            if !batch.isEmpty { try put(batch) }
            digest.hex = content.finish()
        }
        defer { batches.cancelAndWait() }
        while let batch = try batches.next() {
            for row in batch { try body(row) }
        }
        // `next()` returned nil: the fetching thread has ended, after it set the digest.
        return digest.hex
    }
}
