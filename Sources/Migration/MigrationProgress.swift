/// Receives a load's progress after every committed batch.
public protocol MigrationProgress: AnyObject {
    /// A load of `table` from `source` begins (or resumes at `bytesDone`).
    func began(table: String, source: String, bytesDone: Int64, bytesTotal: Int64)
    /// A batch was committed: the file position reached and the running counts.
    func advanced(table: String, bytesDone: Int64, bytesTotal: Int64, counts: LoadCounts)
    /// The load ended.
    func finished(_ summary: TableLoadSummary)
}
