/// What one table's load did: the figure that matters is `received = inserted + rejected + skipped`.
public struct TableLoadSummary: Sendable, Codable, Equatable {
    /// How the load ended.
    public enum Outcome: String, Sendable, Codable {
        /// The file was loaded (rows that passed are in the table).
        case loaded
        /// The same file had been loaded before; nothing was inserted.
        case alreadyLoaded = "already_loaded"
        /// More rows were rejected than allowed; nothing was kept.
        case rolledBack = "rolled_back"
    }

    /// The table loaded.
    public var table: String
    /// The file, as named by the user.
    public var source: String
    /// SHA-256 of the file's content, which identifies the load.
    public var sha256: String
    /// How the load ended.
    public var outcome: Outcome
    /// Records in the file.
    public var received: Int
    /// Records inserted (by this run and, when it resumed, by the interrupted run before it).
    public var inserted: Int
    /// Records rejected and logged.
    public var rejected: Int
    /// Records not inserted because the file had already been loaded.
    public var skipped: Int
    /// Empty lines, which are not records.
    public var blankLines: Int
    /// Where the rejected rows were written as CSV.
    public var rejectFile: String?
    /// The `sluice_loads` id of the load.
    public var loadID: Int64
    /// Whether this run continued an interrupted one.
    public var resumed: Bool
    /// Wall-clock seconds this run took.
    public var seconds: Double

    /// Whether the counts add up: received = inserted + rejected + skipped.
    public var isBalanced: Bool { received == inserted + rejected + skipped }
}

/// The summary of a whole `sluice migrate` run, written as JSON by `--summary`.
public struct MigrationSummary: Sendable, Codable, Equatable {
    /// One entry per table loaded, in load order.
    public var tables: [TableLoadSummary]
    /// Sum of `received` over the tables.
    public var received: Int { tables.reduce(0) { $0 + $1.received } }
    /// Sum of `inserted` over the tables.
    public var inserted: Int { tables.reduce(0) { $0 + $1.inserted } }
    /// Sum of `rejected` over the tables.
    public var rejected: Int { tables.reduce(0) { $0 + $1.rejected } }
    /// Sum of `skipped` over the tables.
    public var skipped: Int { tables.reduce(0) { $0 + $1.skipped } }

    /// Creates a summary of the given table loads.
    public init(tables: [TableLoadSummary]) {
        self.tables = tables
    }

    private enum CodingKeys: String, CodingKey { case tables, received, inserted, rejected, skipped }

    /// Decodes the per-table summaries; the totals follow from them.
    public init(from decoder: any Decoder) throws {
        tables = try decoder.container(keyedBy: CodingKeys.self).decode([TableLoadSummary].self, forKey: .tables)
    }

    /// Encodes the per-table summaries with their totals.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tables, forKey: .tables)
        try container.encode(received, forKey: .received)
        try container.encode(inserted, forKey: .inserted)
        try container.encode(rejected, forKey: .rejected)
        try container.encode(skipped, forKey: .skipped)
    }
}
