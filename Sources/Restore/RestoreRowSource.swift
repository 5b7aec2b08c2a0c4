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

    /// Starts reading `reader` for `table` as `plan` says, checking foreign keys against `parents`;
    /// with `checksum`, the tally gets the content checksum of every record read.
    init(reader: AvroFileReader, plan: RestoreReadPlan, table: TableDefinition, parents: ParentKeys, checksum: Bool) {
        tally.counts = HireCounts(table: table)
        let producer = RestoreRowProducer(
            reader: reader, plan: plan, table: table, parents: parents, tally: tally,
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

    let reader: AvroFileReader
    let plan: RestoreReadPlan
    let validator: RowValidator
    let tally: RestoreRowSource.Tally
    let parents: ParentKeys
    var checksum: ContentChecksum?
    var typedValues: [Value]
    let uniqueColumns: [(index: Int, name: String)]
    var seen: [KeySet]
    var encoder = LoadDataEncoder(reservingCapacity: RestoreRowProducer.chunkBytes + 4096)
    var fields: [String]

    init(
        reader: AvroFileReader, plan: RestoreReadPlan, table: TableDefinition, parents: ParentKeys,
        tally: RestoreRowSource.Tally, checksum: ContentChecksum?
    ) {
        self.reader = reader
        self.plan = plan
        self.tally = tally
        self.parents = parents
        self.checksum = checksum
        typedValues = Array(repeating: .null, count: table.columns.count)
        validator = RowValidator(table: table)
        uniqueColumns = table.columns.enumerated().filter { $0.element.isUnique }.map { ($0.offset, $0.element.name) }
        seen = uniqueColumns.map { _ in KeySet() }
        fields = Array(repeating: "", count: table.columns.count)
    }

    /// The next chunk of encoded valid rows, or nil after the last record.
    func nextChunk() throws -> [UInt8]? {
        encoder.removeAll()
        while encoder.bytes.count < Self.chunkBytes, let record = try reader.next() {
            tally.received += 1
            for (index, reading) in plan.readings.enumerated() {
                typedValues[index] = try Self.value(of: record, field: plan.fieldIndexes[index], reading: reading)
                fields[index] = Self.text(of: typedValues[index], reading: reading)
            }
            checksum?.add(typedValues)
            var verdict = validator.validate(fields: fields)
            if verdict.isValid { verdict.violations += parents.violations(verdict.values) }
            if verdict.isValid { checkUniqueness(&verdict) }
            guard verdict.isValid else {
                reject(verdict.violations)
                continue
            }
            encoder.append(verdict.values)
            tally.counts?.add(verdict.values)
            tally.sent += 1
        }
        if encoder.rowCount == 0 {
            tally.contentSHA256 = checksum?.finish()
            return nil
        }
        return encoder.bytes
    }

    private func checkUniqueness(_ verdict: inout RowVerdict) {
        for (position, column) in uniqueColumns.enumerated() {
            let value = verdict.values[column.index]
            guard value != .null, !seen[position].insert(value) else { continue }
            verdict.violations.append(
                Violation(
                    column: column.name, rule: .unique,
                    message: "\(column.name) \(value.sqlText ?? "") appears earlier in this file"))
        }
    }

    private func reject(_ violations: [Violation]) {
        tally.rejected += 1
        guard tally.rejects.count < RestoreRowSource.keptRejects else { return }
        let object = Dictionary(uniqueKeysWithValues: zip(validator.table.columns.map(\.name), fields))
        let raw = (try? JSON.encode(object)) ?? Data()
        tally.rejects.append(RejectedRow(position: tally.received, raw: Array(raw), violations: violations))
    }

    /// The column's value, read once, in the form the backup's checksum took it from the table:
    /// numbers as numbers, timestamps as microseconds, dates as days, booleans as 0 or 1.
    static func value(of record: AvroRecordView, field: Int, reading: RestoreReadPlan.Reading) throws -> Value {
        if reading == .absent { return .null }
        if try record.isNull(field: field) { return .null }
        switch reading {
        case .integer, .timestampMicros, .dateDays: return .int(try record.long(field: field) ?? 0)
        case .timestampMillis: return .int((try record.long(field: field) ?? 0) * 1000)
        case .number: return .double(try record.double(field: field) ?? 0)
        case .boolean: return .int((try record.bool(field: field) ?? false) ? 1 : 0)
        case .text, .timestampText, .dateText, .absent: return .string(try record.string(field: field) ?? "")
        }
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
