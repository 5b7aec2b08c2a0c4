public import DataDictionary

/// A row that was not inserted: where it came from, its raw bytes as received, and every reason.
public struct RejectedRow: Sendable {
    /// The line (files) or index (API batches) of the row in its source.
    public var position: Int
    /// The row exactly as received, e.g. the CSV record's bytes without its line terminator.
    public var raw: [UInt8]
    /// Every rule the row broke.
    public var violations: [Violation]

    /// Creates a rejected row.
    public init(position: Int, raw: [UInt8], violations: [Violation]) {
        self.position = position
        self.raw = raw
        self.violations = violations
    }
}
