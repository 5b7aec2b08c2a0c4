import CSV
import DataDictionary
import Errors
import Loading

/// A run of consecutive records, validated on their own, with where the file stands after them,
/// and what loading the valid ones takes, prepared off the loading thread: their `LOAD DATA` text
/// and the hire counts they add.
struct Batch: Sendable {
    var rows: [CandidateRow]
    /// The rows valid so far, encoded for `LOAD DATA`.
    var encoded: LoadDataEncoder
    /// The hire counts the rows valid so far add, when the table is the counted one.
    var hires: HireCounts?
    /// Byte offset and line just past the batch's last record: the checkpoint once it commits.
    var endOffset: Int64
    var endLine: Int
    /// Blank lines the reader had skipped by the end of the batch.
    var blankLines: Int
}

extension Batch {
    /// What loading the batch takes once `checked` (its rows after the multi-row checks) is known: the valid
    /// rows' `LOAD DATA` text and hire counts, made again only when the checks refused rows.
    func load(after checked: [CandidateRow]) -> (encoded: LoadDataEncoder, hires: HireCounts?) {
        let refused = checked.indices.filter { !checked[$0].isValid && rows[$0].isValid }
        guard !refused.isEmpty else { return (encoded, hires) }
        var encoded = LoadDataEncoder()
        for row in checked where row.isValid { encoded.append(row.values) }
        var hires = self.hires
        for index in refused { hires?.add(checked[index].values, sign: -1) }
        return (encoded, hires)
    }
}

/// Reads a CSV file batch by batch and validates each record against its table's rules.
final class BatchReader {
    private let reader: CSVReader
    private let validator: RowValidator
    private let batchRows: Int
    private let hires: HireCounts?
    private var endOffset: Int64
    private var endLine: Int

    /// Reads `file` for `table` from where `record` stands, in batches of `options.batchRows`.
    convenience init(table: TableDefinition, file: String, options: MigrationOptions, record: LoadRecord) throws {
        var csvOptions = CSVOptions()
        csvOptions.skipHeader = options.header && record.nextOffset == 0
        csvOptions.maxRecordBytes = options.maxRecordBytes
        let reader: CSVReader
        do {
            reader = try CSVReader(
                path: file, options: csvOptions, startingAt: record.nextOffset, line: record.nextLine)
        } catch {
            throw IngestError(code: .fileUnreadable, message: "cannot read \(file): \(error)")
        }
        self.init(
            reader: reader, validator: RowValidator(table: table), batchRows: options.batchRows,
            startOffset: record.nextOffset, startLine: record.nextLine)
    }

    init(reader: CSVReader, validator: RowValidator, batchRows: Int, startOffset: Int64, startLine: Int) {
        self.reader = reader
        self.validator = validator
        self.batchRows = batchRows
        self.hires = HireCounts(table: validator.table)
        self.endOffset = startOffset
        self.endLine = startLine
    }

    /// The table the records are validated for.
    var table: TableDefinition { validator.table }

    /// The next batch, or nil at the end of the file.
    func next() throws -> Batch? {
        var rows: [CandidateRow] = []
        rows.reserveCapacity(batchRows)
        var encoded = LoadDataEncoder()
        var hires = self.hires
        while rows.count < batchRows, let record = try reader.next() {
            let row = validator.candidate(from: record)
            if row.isValid {
                encoded.append(row.values)
                hires?.add(row.values)
            }
            rows.append(row)
            endOffset = record.endOffset
            endLine = record.nextLine
        }
        return rows.isEmpty
            ? nil
            : Batch(
                rows: rows, encoded: encoded, hires: hires, endOffset: endOffset, endLine: endLine,
                blankLines: reader.blankLines)
    }
}
