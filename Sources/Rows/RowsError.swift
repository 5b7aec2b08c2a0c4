public import Errors

/// The codes of the rows API's refusals.
public enum RowsErrorDomain: ErrorDomain {}

/// An error of reading or correcting one table's rows, with a stable machine-readable code.
public typealias RowsError = CodedError<RowsErrorDomain>

extension ErrorCode where Domain == RowsErrorDomain {
    /// No row has that primary key (404).
    @inlinable
    public static var rowNotFound: Self { "row_not_found" }
    /// The row changed since the client read it: its `If-Match` is stale (412).
    @inlinable
    public static var preconditionFailed: Self { "precondition_failed" }
    /// A query parameter is unknown or its value is wrong for its column (400).
    @inlinable
    public static var invalidParameter: Self { "invalid_parameter" }
}
