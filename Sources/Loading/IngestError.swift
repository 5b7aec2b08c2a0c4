public import Errors

/// The codes of a load's fatal errors.
public enum IngestErrorDomain: ErrorDomain {}

/// A fatal error of a load: the load stops, and nothing that was not committed is reported as done.
public typealias IngestError = CodedError<IngestErrorDomain>

extension ErrorCode where Domain == IngestErrorDomain {
    /// The `sql/` folder or one of its files could not be found.
    @inlinable
    public static var sqlDirectoryNotFound: Self { "sql_dir_not_found" }
    /// The input file could not be opened or read.
    @inlinable
    public static var fileUnreadable: Self { "file_unreadable" }
    /// A reject file could not be written.
    @inlinable
    public static var rejectFileUnwritable: Self { "reject_file_unwritable" }
    /// More rows were rejected than `--max-rejects` allows; the load was rolled back.
    @inlinable
    public static var tooManyRejects: Self { "too_many_rejects" }
    /// The database refused rows that passed validation.
    @inlinable
    public static var databaseRefusedRows: Self { "database_refused_rows" }
    /// The table is already being loaded from the same file by another process.
    @inlinable
    public static var loadInProgress: Self { "load_in_progress" }
}
