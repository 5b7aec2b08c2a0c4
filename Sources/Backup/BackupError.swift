public import Errors

/// The codes of a backup's own failures (the Avro files' are `AvroError`s).
public enum BackupErrorDomain: ErrorDomain {}

/// A failure writing a backup's folder, with a stable machine-readable code.
public typealias BackupError = CodedError<BackupErrorDomain>

extension ErrorCode where Domain == BackupErrorDomain {
    /// The manifest could not be written, or a file or folder not synced to disk.
    @inlinable
    public static var writeFailed: Self { "write_failed" }
}
