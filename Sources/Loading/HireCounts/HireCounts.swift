public import DataDictionary
public import MariaDB

/// The hires the reports count, per year, department, job and quarter (UTC), kept in
/// `sluice_hire_counts` by every write to `hired_employees` (see `sql/counts/`).
///
/// A writer collects what its transaction changes with `add`, and appends it with `write` before
/// it commits: one bulk INSERT of new delta rows, so concurrent writers never update the same row.
public struct HireCounts: Sendable {
    /// The table counted.
    public static let tableName = "hired_employees"

    /// One counted key.
    struct Key: Hashable {
        var year: Int64
        var department: Int64
        var job: Int64
        var quarter: Int64
    }

    private let department: Int
    private let job: Int
    private let datetime: Int
    /// The changes whose keys pack into 64 bits (every real one), and the others.
    private var tally = HireCountTally()
    private var changes: [Key: Int64] = [:]

    /// Counts for `table`'s rows, or nil when `table` is not the counted one.
    public init?(table: TableDefinition) {
        guard table.name == Self.tableName,
            let department = table.columns.firstIndex(where: { $0.name == "department_id" }),
            let job = table.columns.firstIndex(where: { $0.name == "job_id" }),
            let datetime = table.columns.firstIndex(where: { $0.name == "datetime" })
        else { return nil }
        self.department = department
        self.job = job
        self.datetime = datetime
    }

    /// Counts for `dictionary`, or nil when it has no counted table.
    public init?(dictionary: DataDictionary) {
        guard let table = dictionary.table(named: Self.tableName) else { return nil }
        self.init(table: table)
    }

    /// Whether no change was added (or they all cancel out).
    public var isEmpty: Bool { tally.isEmpty && changes.values.allSatisfy { $0 == 0 } }

    /// Adds one row, with its values in the table's column order, as inserted (`sign` 1) or
    /// deleted (`sign` -1). A row without a department or an instant is in no report: not counted;
    /// one without a job counts under job 0 (only the per-department report sees it).
    public mutating func add(_ values: [CellValue], sign: Int64 = 1) {
        guard case .integer(let departmentID) = values[self.department],
            case .timestamp(let instant) = values[self.datetime]
        else { return }
        let civil = instant.components
        let jobID: Int64 = if case .integer(let id) = values[self.job] { id } else { 0 }
        let (year, quarter) = (Int64(civil.year), Int64((civil.month + 2) / 3))
        if let packed = HireCountTally.key(year: year, quarter: quarter, department: departmentID, job: jobID) {
            tally.add(packed, sign)
        } else {
            changes[Key(year: year, department: departmentID, job: jobID, quarter: quarter), default: 0] += sign
        }
    }

    /// Adds every change `other` collected (its packed tally and its other keys).
    public mutating func add(_ other: HireCounts) {
        for (key, count) in other.tally.nonZero { tally.add(key, count) }
        changes.merge(other.changes, uniquingKeysWith: +)
    }

    /// Keys one delta row holds in its packed slots (`packed_1` ... `packed_32`, a key and its count in
    /// one word: `HireCountTally.deltaWord`), and in its plain ones (slot 1 in `year` ... `hires`, then
    /// `year_2` ... `hires_8`) for a key whose count or ids do not fit a word (`sql/counts/tables.sql`).
    public static let packedKeysPerDeltaRow = 32
    static let plainKeysPerDeltaRow = 8

    /// Appends the changes as delta rows in the caller's transaction, and forgets them. Bound values
    /// cost the server more than rows do, so a key takes one packed word where it fits, not five columns.
    public mutating func write(on connection: Connection) throws {
        // Packed slots fill their rows column by column, straight into the bound columns.
        let width = Self.packedKeysPerDeltaRow
        var words = BulkColumns(kinds: Array(repeating: .integer, count: width), capacity: 32)
        var packed = 0
        var plain: [Value] = []
        for (key, count) in tally.nonZero {
            if let word = HireCountTally.deltaWord(key, count: count) {
                words.append(word, to: packed % width)
                packed += 1
            } else {
                plain += Self.slot(HireCountTally.parts(key), count)
            }
        }
        for (key, count) in changes where count != 0 { plain += Self.slot(key, count) }
        tally.removeAll()
        changes.removeAll(keepingCapacity: true)
        if packed % width != 0 {
            for column in packed % width..<width { words.appendNull(to: column) }
        }
        if packed > 0 { try connection.cachedStatement(Self.packedDeltaInsert).executeBatch(words) }
        if !plain.isEmpty {
            try connection.cachedStatement(Self.plainDeltaInsert).executeBatch(
                Self.rows(of: plain, width: Self.plainKeysPerDeltaRow * Self.slotColumns.count))
        }
    }

    /// Writes the changes as the rows of `table`, shaped like the counts (a restore's fresh counts,
    /// which it tallies while reading its file instead of grouping the loaded rows again), and
    /// forgets them.
    public mutating func write(intoCounts table: String, on connection: Connection) throws {
        let values: [Value] =
            tally.nonZero.flatMap { Self.slot(HireCountTally.parts($0.key), $0.count) }
            + changes.filter { $0.value != 0 }.flatMap { Self.slot($0.key, $0.value) }
        tally.removeAll()
        changes.removeAll(keepingCapacity: true)
        guard !values.isEmpty else { return }
        let columns = Self.slotColumns.joined(separator: ", ")
        try connection.cachedStatement(
            "INSERT INTO \(quoteIdentifier(table)) (\(columns)) VALUES (?, ?, ?, ?, ?)"
        ).executeBatch(Self.rows(of: values, width: Self.slotColumns.count))
    }

    /// One key and its count in `slotColumns`' order.
    private static func slot(_ key: Key, _ hires: Int64) -> [Value] {
        [.int(key.year), .int(key.department), .int(key.job), .int(key.quarter), .int(hires)]
    }

    /// `values` cut into rows of `width`, the last row's missing values NULL.
    private static func rows(of values: [Value], width: Int) -> [[Value]] {
        stride(from: 0, to: values.count, by: width).map { start in
            let row = Array(values[start..<min(start + width, values.count)])
            return row + Array(repeating: .null, count: width - row.count)
        }
    }

    /// The columns of one key and its count: the counts' columns, and a delta row's slot 1.
    private static let slotColumns = ["year", "department_id", "job_id", "quarter", "hires"]

    /// The INSERT of one delta row of packed slots.
    private static let packedDeltaInsert = deltaInsert(
        columns: (1...packedKeysPerDeltaRow).map { "packed_\($0)" })

    /// The INSERT of one delta row of plain slots: slot n's columns are `slotColumns` with the suffix `_n`
    /// (none for 1).
    private static let plainDeltaInsert = deltaInsert(
        columns: (1...plainKeysPerDeltaRow).flatMap { slot in slotColumns.map { slot == 1 ? $0 : "\($0)_\(slot)" } })

    private static func deltaInsert(columns: [String]) -> String {
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "INSERT INTO \(HireCountTables.deltas) (\(columns.joined(separator: ", "))) VALUES (\(marks))"
    }
}
