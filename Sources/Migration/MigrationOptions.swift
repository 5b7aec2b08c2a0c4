public import Loading

/// How a migration reads its file and what it tolerates.
public struct MigrationOptions: Sendable {
    /// Skip the file's first record (a header).
    public var header = false
    /// Over this many rejects the whole load rolls back; nil loads whatever passes.
    public var maxRejects: RejectLimit?
    /// Records validated and loaded per batch (and per commit, unless `maxRejects` makes the load one transaction).
    public var batchRows = 20_000
    /// Whether a fresh load into an empty table is one transaction on InnoDB's bulk path (about twice as fast;
    /// a kill undoes it whole) rather than committed batch by batch (a kill keeps the batches committed, and
    /// the next run resumes after them). See `BulkLoad`.
    public var bulkIntoEmptyTable = true
    /// Records longer than this are rejected without being held in memory.
    public var maxRecordBytes = 1 << 20
    /// Where rejected rows are written as CSV; nil puts them under `rejectDirectory`.
    public var rejectFile: String?
    /// The folder for reject files when `rejectFile` is nil.
    public var rejectDirectory = ".sluice/rejects"

    /// Creates the default options.
    public init() {}
}
