public import Errors

/// The codes of input failures.
public enum CSVReadErrorDomain: ErrorDomain {}

/// An input that could not be read; its message starts with the file's path. Bad CSV content is never
/// an error: it is a ``CSVProblem``.
public typealias CSVReadError = CodedError<CSVReadErrorDomain>

extension ErrorCode where Domain == CSVReadErrorDomain {
    /// The file could not be opened or positioned at the requested offset.
    @inlinable
    public static var fileUnreadable: Self { "file_unreadable" }
    /// Reading the open file failed.
    @inlinable
    public static var ioError: Self { "io_error" }
}
