import Loading
import MariaDB

/// Feeds the one `LOAD DATA` of a ``BulkLoad``. A thread of its own reads and validates the file
/// batch by batch (``BatchReader``), checks each batch against the locked parent keys and the file's
/// earlier keys, appends its rejects to the reject file and encodes its good rows, so all of that
/// overlaps with the server loading the rows before.
final class BulkRowSource: LocalInfileSource {
    /// What the reading thread counted; read only once the load has returned.
    final class Tally: @unchecked Sendable {
        /// Records read, inserted (sent) and rejected, and blank lines skipped.
        var counts = LoadCounts()
        /// The rejected rows, for `sluice_rejects` (at most ``BulkLoad/keptRejects``).
        var rejects: [RejectedRow] = []
        /// The hire counts the rows sent add, when the table is the counted one.
        var hires: HireCounts?
        /// Byte offset and line just past the last record read.
        var endOffset: Int64 = 0
        var endLine = 1
    }

    /// One batch's encoded rows and where the file stands after it.
    private struct Chunk: Sendable {
        let bytes: [UInt8]
        let endOffset: Int64
        let counts: LoadCounts
    }

    let tally = Tally()
    private let reader: BatchReader
    private let checker: ConstraintChecker
    private let rejectFile: RejectFileWriter
    private var chunks: Prefetcher<Chunk>?
    private var advanced: (Int64, LoadCounts) -> Void = { _, _ in }

    /// A source over `reader`'s batches, checked by `checker` (whose parents are locked), rejects to `rejectFile`.
    init(reader: BatchReader, checker: ConstraintChecker, rejectFile: RejectFileWriter) {
        self.reader = reader
        self.checker = checker
        self.rejectFile = rejectFile
        tally.hires = HireCounts(table: reader.table)
    }

    deinit { chunks?.cancelAndWait() }

    /// Starts reading; `advanced` is called on the loading thread with the offset and counts after each batch sent.
    func start(advanced: @escaping (Int64, LoadCounts) -> Void) {
        self.advanced = advanced
        // The reader, checker, reject file and tally are the reading thread's alone until the load returns.
        let producer = UncheckedTransfer(self)
        chunks = Prefetcher(depth: 2) { try producer.value.readBatch() }
    }

    /// The reject file's size, once the load has returned.
    var rejectFileBytes: Int64 { rejectFile.size }

    func nextChunk() throws -> [UInt8]? {
        while let chunk = try chunks?.next() {
            advanced(chunk.endOffset, chunk.counts)
            if !chunk.bytes.isEmpty { return chunk.bytes }
        }
        return nil
    }

    /// Reads, checks and encodes the next batch (on the reading thread); nil at the end of the file.
    private func readBatch() throws -> Chunk? {
        guard let batch = try reader.next() else { return nil }
        var rows = batch.rows
        checker.checkAgainstLockedParents(&rows)
        let load = batch.load(after: rows)
        if let hires = load.hires { tally.hires?.add(hires) }
        let rejects = rows.filter { !$0.isValid }.map(\.rejected)
        tally.rejects += rejects
        guard tally.rejects.count <= BulkLoad.keptRejects else {
            throw BulkLoad.Abandoned(reason: "more than \(BulkLoad.keptRejects) rows rejected")
        }
        try rejectFile.append(rejects)
        tally.counts.received += rows.count
        tally.counts.rejected += rejects.count
        tally.counts.inserted += rows.count - rejects.count
        tally.counts.blankLines = batch.blankLines
        (tally.endOffset, tally.endLine) = (batch.endOffset, batch.endLine)
        return Chunk(bytes: load.encoded.bytes, endOffset: batch.endOffset, counts: tally.counts)
    }
}
