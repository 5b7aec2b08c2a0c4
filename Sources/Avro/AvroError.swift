public import Errors

/// The codes of the Avro wrapper's errors.
public enum AvroErrorDomain: ErrorDomain {}

/// An error from the Avro wrapper: a stable machine-readable code plus a human message, usually avro-c's own
/// text from `avro_strerror()`. Match a code in a `catch` pattern: `catch AvroError.Code.fileCorrupt`.
public typealias AvroError = CodedError<AvroErrorDomain>

extension ErrorCode where Domain == AvroErrorDomain {
    /// The schema JSON does not parse, or is not the kind of schema the call needs (e.g. not a record).
    @inlinable
    public static var schemaInvalid: Self { "schema_invalid" }
    /// The reader schema cannot be resolved against the file's writer schema.
    @inlinable
    public static var schemaMismatch: Self { "schema_mismatch" }
    /// The file cannot be opened, or is not an Avro object container file.
    @inlinable
    public static var fileUnreadable: Self { "file_unreadable" }
    /// The file is an Avro file but its data is damaged or truncated.
    @inlinable
    public static var fileCorrupt: Self { "file_corrupt" }
    /// Creating, appending to, flushing or closing a file failed.
    @inlinable
    public static var writeFailed: Self { "write_failed" }
    /// A codec name is not one avro-c was built with.
    @inlinable
    public static var codecUnsupported: Self { "codec_unsupported" }
    /// A field index is out of range, or no field has the given name.
    @inlinable
    public static var fieldUnknown: Self { "field_unknown" }
    /// A value was set or read as a type the field does not have (e.g. a string into a long field).
    @inlinable
    public static var typeMismatch: Self { "type_mismatch" }
    /// A record was appended without a value for a field that is not nullable.
    @inlinable
    public static var fieldNotSet: Self { "field_not_set" }
    /// The writer or reader was used after ``AvroFileWriter/close()``.
    @inlinable
    public static var closed: Self { "closed" }
}
