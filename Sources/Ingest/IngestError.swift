/// A fatal error of a load: the load stops, and nothing that was not committed is reported as done.
public struct IngestError: Error, Sendable, CustomStringConvertible {
    /// Stable machine-readable error codes.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The `sql/` folder or one of its files could not be found.
        public static let sqlDirectoryNotFound = Code(rawValue: "sql_dir_not_found")
        /// The input file could not be opened or read.
        public static let fileUnreadable = Code(rawValue: "file_unreadable")
        /// A reject file could not be written.
        public static let rejectFileUnwritable = Code(rawValue: "reject_file_unwritable")
        /// More rows were rejected than `--max-rejects` allows; the load was rolled back.
        public static let tooManyRejects = Code(rawValue: "too_many_rejects")
        /// The database refused rows that passed validation.
        public static let databaseRefusedRows = Code(rawValue: "database_refused_rows")
        /// The table is already being loaded from the same file by another process.
        public static let loadInProgress = Code(rawValue: "load_in_progress")
    }

    /// What kind of error this is.
    public var code: Code
    /// What went wrong, for a person.
    public var message: String

    /// Creates an error with a code and a message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
