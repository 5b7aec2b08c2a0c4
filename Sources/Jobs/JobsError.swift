/// An error of the jobs subsystem, with a stable machine-readable code.
public struct JobsError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Stable machine-readable error codes.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's text, e.g. `invalid_schedule`.
        public var rawValue: String
        /// Wraps a code's text.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's text.
        public var description: String { rawValue }

        /// A job definition file is not valid JSON or misses or mistypes a field.
        public static let invalidDefinition = Code(rawValue: "invalid_job_definition")
        /// A schedule expression cannot be parsed.
        public static let invalidSchedule = Code(rawValue: "invalid_schedule")
        /// No job definition, run or schedule has that name or id.
        public static let notFound = Code(rawValue: "not_found")
        /// The run is not in a state that allows the operation.
        public static let invalidState = Code(rawValue: "invalid_state")
        /// The job's kind has no worker implementation yet.
        public static let kindNotImplemented = Code(rawValue: "kind_not_implemented")
        /// No registered kind has that name.
        public static let unknownKind = Code(rawValue: "unknown_kind")
        /// A job's parameters are missing or wrong for its kind.
        public static let invalidParams = Code(rawValue: "invalid_params")
        /// A worker process could not be started.
        public static let spawnFailed = Code(rawValue: "spawn_failed")
    }

    /// What kind of error this is.
    public var code: Code
    /// What went wrong, for a person (names the file, field or run).
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
