import Avro
import Backup
import DataDictionary
import Foundation
import JSON
import Loading
import MariaDB

/// Streams an Avro file's rows to one `LOAD DATA LOCAL INFILE` into the scratch table: a thread of
/// its own reads, converts and validates the records (and checks unique columns within the file),
/// and encodes the valid ones in chunks, so decoding overlaps with the server loading.
final class RestoreRowSource: LocalInfileSource {
    /// What the producer counted; read once the load has returned.
    final class Tally: @unchecked Sendable {
        /// Records read.
        var received = 0
        /// Records that passed validation and were sent.
        var sent = 0
        /// Records rejected.
        var rejected = 0
        /// The first rejected rows, for the reject log and the error message.
        var rejects: [RejectedRow] = []
        /// The content checksum of every record read (as the backup computed it), when asked for.
        var contentSHA256: String?
        /// The hire counts of the rows sent, when the table is the counted one.
        var counts: HireCounts?
    }

    /// The most rejected rows kept for the reject log; all are counted.
    static let keptRejects = 10_000

    let tally = Tally()
    private let chunks: Prefetcher<[UInt8]>

    /// Starts reading `records` for `table` as `plan` says, checking foreign keys against `parents`;
    /// with `checksum`, the tally gets the content checksum of every record read.
    init(
        records: RestoreRecords.Source, plan: RestoreReadPlan, table: TableDefinition, parents: ParentKeys,
        checksum: Bool
    ) {
        tally.counts = HireCounts(table: table)
        let producer = RestoreRowProducer(
            records: records, plan: plan, table: table, parents: parents, tally: tally,
            checksum: checksum ? ContentChecksum() : nil)
        let transfer = UncheckedTransfer(producer)  // the prefetch thread is its only user from here on
        chunks = Prefetcher(depth: 4) { try transfer.value.nextChunk() }
    }

    deinit { chunks.cancel() }

    func nextChunk() throws -> [UInt8]? {
        try chunks.next()
    }
}

/// The producer side of ``RestoreRowSource``: runs on the prefetch thread only.
private final class RestoreRowProducer {
    static let chunkBytes = 1 << 21

    var records: RestoreRecords.Source
    let plan: RestoreReadPlan
    let validator: RowValidator
    let fastCheck: RestoreFastCheck
    let tally: RestoreRowSource.Tally
    let parents: ParentKeys
    var checksum: ContentChecksum?
    var typedValues: [Value]
    var cells: [CellValue]
    let uniqueColumns: [(index: Int, name: String)]
    var seen: [SeenKeys]
    var encoder = LoadDataEncoder(reservingCapacity: RestoreRowProducer.chunkBytes + 4096)

    init(
        records: RestoreRecords.Source, plan: RestoreReadPlan, table: TableDefinition, parents: ParentKeys,
        tally: RestoreRowSource.Tally, checksum: ContentChecksum?
    ) {
        self.records = records
        self.plan = plan
        self.tally = tally
        self.parents = parents
        self.checksum = checksum
        typedValues = Array(repeating: .null, count: table.columns.count)
        cells = Array(repeating: .null, count: table.columns.count)
        validator = RowValidator(table: table)
        fastCheck = RestoreFastCheck(table: table, plan: plan)
        uniqueColumns = table.columns.enumerated().filter { $0.element.isUnique }.map { ($0.offset, $0.element.name) }
        seen = uniqueColumns.map { _ in SeenKeys() }
    }

    /// The next chunk of encoded valid rows, or nil after the last record.
    func nextChunk() throws -> [UInt8]? {
        encoder.removeAll()
        // The tally's counters and hire counts are moved into locals for the loop (no shared storage, no
        // exclusivity checks on the class's properties per row) and moved back after it.
        var (received, sent, counts) = (tally.received, tally.sent, tally.counts)
        tally.counts = nil
        defer { (tally.received, tally.sent, tally.counts) = (received, sent, counts) }
        while encoder.bytes.count < Self.chunkBytes, try records.next(into: &typedValues, plan: plan) {
            received += 1
            checksum?.add(typedValues)
            // Most rows need no text: their typed values are certain (see RestoreFastCheck).
            let verdict = fastCheck.values(typedValues, into: &cells) ? nil : validator.validate(fields: texts())
            let values = verdict?.values ?? cells
            var violations = verdict?.violations ?? []
            if violations.isEmpty { violations += parents.violations(values) }
            if violations.isEmpty { checkUniqueness(values, &violations) }
            guard violations.isEmpty else {
                reject(violations, position: received)
                continue
            }
            encoder.append(values)
            counts?.add(values)
            sent += 1
        }
        if encoder.rowCount == 0 {
            tally.contentSHA256 = checksum?.finish()
            return nil
        }
        return encoder.bytes
    }

    private func checkUniqueness(_ values: [CellValue], _ violations: inout [Violation]) {
        for (position, column) in uniqueColumns.enumerated() {
            let value = values[column.index]
            guard value != .null, !seen[position].insert(value) else { continue }
            violations.append(
                Violation(
                    column: column.name, rule: .unique,
                    message: "\(column.name) \(value.sqlText ?? "") appears earlier in this file"))
        }
    }

    private func reject(_ violations: [Violation], position: Int) {
        tally.rejected += 1
        guard tally.rejects.count < RestoreRowSource.keptRejects else { return }
        let object = Dictionary(uniqueKeysWithValues: zip(validator.table.columns.map(\.name), texts()))
        let raw = (try? JSON.encode(object)) ?? Data()
        tally.rejects.append(RejectedRow(position: position, raw: Array(raw), violations: violations))
    }

    /// The current record's values as the text the dictionary validates, one per column.
    private func texts() -> [String] {
        zip(typedValues, plan.readings).map(Self.text)
    }

    /// The value as the text the dictionary validates; "" for null.
    static func text(of value: Value, reading: RestoreReadPlan.Reading) -> String {
        switch (value, reading) {
        case (.null, _): return ""
        case (.int(let micros), .timestampMicros), (.int(let micros), .timestampMillis):
            return Timestamp(microsecondsSinceEpoch: micros).description
        case (.int(let days), .dateDays):
            return String(Timestamp(microsecondsSinceEpoch: days * 86_400_000_000).description.prefix(10))
        case (.int(let flag), .boolean): return flag != 0 ? "true" : "false"
        case (.string(let text), .timestampText): return ForeignTimestamp.normalized(text)
        default: return value.description
        }
    }
}
