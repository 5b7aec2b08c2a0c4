public import Errors

/// The codes of failures of the managed server.
public enum LocalServerErrorDomain: ErrorDomain {}

/// A failure to set up, start or stop the managed server.
public typealias LocalServerError = CodedError<LocalServerErrorDomain>

extension ErrorCode where Domain == LocalServerErrorDomain {
    /// `mariadb-install-db` failed to create the data directory.
    @inlinable
    public static var serverInitFailed: Self { "server_init_failed" }
    /// `mariadbd` could not be started, or did not come up in time.
    @inlinable
    public static var serverStartFailed: Self { "server_start_failed" }
    /// No managed server has been set up under the data directory.
    @inlinable
    public static var serverNotInitialised: Self { "server_not_initialised" }
    /// A MariaDB program is not installed.
    @inlinable
    public static var executableNotFound: Self { "executable_not_found" }
    /// No TCP port on 127.0.0.1 is free.
    @inlinable
    public static var noFreePort: Self { "no_free_port" }
}
