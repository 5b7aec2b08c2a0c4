/// An error from the HTTP server layer, with a stable machine-readable ``code`` and a readable
/// ``message`` (for bind failures, the operating system's `errno` text, e.g. "Address already in use").
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    /// A stable, machine-readable error code. Open set: compare with the `static let` values.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code as it appears in logs and JSON, e.g. `bind_failed`.
        public let rawValue: String

        /// Creates a code from its string form.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The code's string form.
        public var description: String { rawValue }

        /// The listening socket could not be created, bound or put into listening mode.
        public static let bindFailed = Code(rawValue: "bind_failed")
        /// libmicrohttpd refused to start the daemon.
        public static let startFailed = Code(rawValue: "start_failed")
        /// The configuration holds a value the server cannot use (e.g. an unparsable address).
        public static let invalidConfiguration = Code(rawValue: "invalid_configuration")
        /// A file to be sent as a response could not be opened or inspected.
        public static let fileOpenFailed = Code(rawValue: "file_open_failed")

        /// Lets a bare code be used as a pattern: `catch HTTPServerError.Code.bindFailed { ... }`.
        public static func ~= (code: Code, error: any Error) -> Bool {
            (error as? HTTPServerError)?.code == code
        }
    }

    /// What went wrong, as a stable code.
    public let code: Code
    /// A human-readable explanation.
    public let message: String

    /// Creates an error from a code and a message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
