public import Errors

/// The codes of a refused restore.
public enum RestoreErrorDomain: ErrorDomain {}

/// Why a restore was refused; the live table is unchanged.
public typealias RestoreError = CodedError<RestoreErrorDomain>

extension ErrorCode where Domain == RestoreErrorDomain {
    /// No backup folder or Avro file is at the path given.
    @inlinable
    public static var backupNotFound: Self { "backup_not_found" }
    /// The backup folder's `manifest.json` is missing or invalid.
    @inlinable
    public static var manifestUnreadable: Self { "manifest_unreadable" }
    /// The backup holds no file for the table.
    @inlinable
    public static var tableNotInBackup: Self { "table_not_in_backup" }
    /// Another restore of the same table is running.
    @inlinable
    public static var restoreInProgress: Self { "restore_in_progress" }
    /// The file's records cannot fill the table's columns.
    @inlinable
    public static var schemaMismatch: Self { "schema_mismatch" }
    /// The file lacks a field the table requires.
    @inlinable
    public static var fieldMissing: Self { "field_missing" }
    /// More rows break the dictionary than the reject limit allows.
    @inlinable
    public static var rowsRejected: Self { "rows_rejected" }
    /// Restored rows reference rows of the same table that are not restored.
    @inlinable
    public static var orphanRows: Self { "orphan_rows" }
    /// Rows of other tables would lose the rows they reference.
    @inlinable
    public static var wouldOrphanChildren: Self { "would_orphan_children" }
    /// The file holds another number of rows than its manifest says.
    @inlinable
    public static var rowCountMismatch: Self { "row_count_mismatch" }
    /// The rows read do not match the manifest's content checksum.
    @inlinable
    public static var checksumMismatch: Self { "checksum_mismatch" }
    /// The database refused rows that passed validation.
    @inlinable
    public static var rowsRefused: Self { "rows_refused" }
}
