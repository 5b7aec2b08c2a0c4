public import Errors

/// The codes of the HTTP server layer's errors.
public enum HTTPServerErrorDomain: ErrorDomain {}

/// An error from the HTTP server layer, with a stable machine-readable code and a readable message
/// (for bind failures, the operating system's `errno` text, e.g. "Address already in use").
public typealias HTTPServerError = CodedError<HTTPServerErrorDomain>

extension ErrorCode where Domain == HTTPServerErrorDomain {
    /// The listening socket could not be created, bound or put into listening mode.
    @inlinable
    public static var bindFailed: Self { "bind_failed" }
    /// libmicrohttpd refused to start the daemon.
    @inlinable
    public static var startFailed: Self { "start_failed" }
    /// The configuration holds a value the server cannot use (e.g. an unparsable address).
    @inlinable
    public static var invalidConfiguration: Self { "invalid_configuration" }
    /// A file to be sent as a response could not be opened or inspected.
    @inlinable
    public static var fileOpenFailed: Self { "file_open_failed" }
}
