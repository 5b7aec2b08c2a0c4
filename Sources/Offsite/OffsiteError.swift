public import Errors

/// The codes of off-site copies' errors.
public enum OffsiteErrorDomain: ErrorDomain {}

/// A failure copying a backup to or from an rclone remote, verifying the copy, or pruning there.
public typealias OffsiteError = CodedError<OffsiteErrorDomain>

extension ErrorCode where Domain == OffsiteErrorDomain {
    /// `REMOTE:PATH` does not name a configured rclone remote and a path on it.
    @inlinable
    public static var invalidRemote: Self { "offsite_invalid" }
    /// The remote could not be reached (connection refused, no such host, timeout).
    @inlinable
    public static var unreachable: Self { "offsite_unreachable" }
    /// rclone failed for another reason (missing program, refused credentials, full remote, ...).
    @inlinable
    public static var failed: Self { "offsite_failed" }
    /// The copy's sizes or checksums differ from the local files'.
    @inlinable
    public static var mismatch: Self { "offsite_mismatch" }
    /// The remote holds no complete backup with that id.
    @inlinable
    public static var notFound: Self { "offsite_not_found" }
}
