/// An input that could not be read. Bad CSV content is never an error: it is a ``CSVProblem``.
public struct CSVReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; an open set of stable machine-readable codes.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's text, e.g. `file_unreadable`.
        public var rawValue: String
        /// A code with the given text.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's text.
        public var description: String { rawValue }

        /// The file could not be opened or positioned at the requested offset.
        public static let fileUnreadable = Code(rawValue: "file_unreadable")
        /// Reading the open file failed.
        public static let ioError = Code(rawValue: "io_error")
    }

    /// The failure's code.
    public var code: Code
    /// The system's explanation, e.g. `No such file or directory`.
    public var message: String
    /// The file being read.
    public var path: String

    /// An error with every property given.
    public init(code: Code, message: String, path: String) {
        self.code = code
        self.message = message
        self.path = path
    }

    /// `<code>: <path>: <message>`.
    public var description: String { "\(code): \(path): \(message)" }
}

extension CSVReadError.Code {
    /// Matches an error against a code in a `catch` pattern: `catch CSVReadError.Code.ioError`.
    public static func ~= (code: Self, error: any Error) -> Bool {
        (error as? CSVReadError)?.code == code
    }
}
