/// An error from the Avro wrapper: a stable machine-readable ``code`` plus a human message, usually avro-c's own
/// text from `avro_strerror()`.
public struct AvroError: Error, Equatable, CustomStringConvertible {
    /// An open set of error codes; compare with `==` or match in `catch` patterns with `~=`.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's stable text, e.g. `schema_invalid`.
        public let rawValue: String

        /// Creates a code from its stable text.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The schema JSON does not parse, or is not the kind of schema the call needs (e.g. not a record).
        public static let schemaInvalid = Code(rawValue: "schema_invalid")
        /// The reader schema cannot be resolved against the file's writer schema.
        public static let schemaMismatch = Code(rawValue: "schema_mismatch")
        /// The file cannot be opened, or is not an Avro object container file.
        public static let fileUnreadable = Code(rawValue: "file_unreadable")
        /// The file is an Avro file but its data is damaged or truncated.
        public static let fileCorrupt = Code(rawValue: "file_corrupt")
        /// Creating, appending to, flushing or closing a file failed.
        public static let writeFailed = Code(rawValue: "write_failed")
        /// A codec name is not one avro-c was built with.
        public static let codecUnsupported = Code(rawValue: "codec_unsupported")
        /// A field index is out of range, or no field has the given name.
        public static let fieldUnknown = Code(rawValue: "field_unknown")
        /// A value was set or read as a type the field does not have (e.g. a string into a long field).
        public static let typeMismatch = Code(rawValue: "type_mismatch")
        /// A record was appended without a value for a field that is not nullable.
        public static let fieldNotSet = Code(rawValue: "field_not_set")
        /// The writer or reader was used after ``AvroFileWriter/close()``.
        public static let closed = Code(rawValue: "closed")

        /// The code's stable text.
        public var description: String { rawValue }

        /// Lets a code be matched against an error in a `catch` pattern: `catch AvroError.Code.fileCorrupt`.
        public static func ~= (code: Code, error: any Error) -> Bool {
            (error as? AvroError)?.code == code
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What failed, with avro-c's message when avro-c reported the failure.
    public let message: String

    /// Creates an error with a code and a message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
