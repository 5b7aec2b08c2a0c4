public import Errors

/// The codes of refused report requests.
public enum ReportErrorDomain: ErrorDomain {}

/// A report request Sluice refuses, or a catalogue it cannot read.
public typealias ReportError = CodedError<ReportErrorDomain>

extension ErrorCode where Domain == ReportErrorDomain {
    /// No report has the name asked for.
    @inlinable
    public static var unknownReport: Self { "unknown_report" }
    /// A report parameter is missing or out of range.
    @inlinable
    public static var invalidParameter: Self { "invalid_parameter" }
    /// The report catalogue or one of its SQL files cannot be read.
    @inlinable
    public static var catalogUnreadable: Self { "catalog_unreadable" }
    /// The reports replica is further behind the primary than `serve --reports-max-lag`, or does not
    /// replicate, and `--reports-fallback none` forbids answering from the primary.
    @inlinable
    public static var replicaLagging: Self { "replica_lagging" }
    /// The reports replica cannot be reached or asked how far behind it is, and
    /// `--reports-fallback none` forbids answering from the primary.
    @inlinable
    public static var replicaUnavailable: Self { "replica_unavailable" }
}
