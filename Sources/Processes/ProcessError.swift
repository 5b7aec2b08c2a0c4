public import Errors

/// The codes of the process spawner's errors.
public enum ProcessErrorDomain: ErrorDomain {}

/// A failure to start a process or to set up its pipes.
public typealias ProcessError = CodedError<ProcessErrorDomain>

extension ErrorCode where Domain == ProcessErrorDomain {
    /// `posix_spawn` or `pipe` failed (the message names the program and the `errno` text).
    @inlinable
    public static var spawnFailed: Self { "spawn_failed" }
}
