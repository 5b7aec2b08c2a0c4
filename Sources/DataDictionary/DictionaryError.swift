/// An error in the data dictionary itself, or a request for something it does not declare.
public struct DictionaryError: Error, Sendable, CustomStringConvertible {
    /// Stable machine-readable error codes.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The dictionary file could not be read.
        public static let dictionaryUnreadable = Code(rawValue: "dictionary_unreadable")
        /// The dictionary file is not valid JSON or breaks a structural rule.
        public static let invalidDictionary = Code(rawValue: "invalid_dictionary")
        /// A table that the dictionary does not declare was asked for.
        public static let unknownTable = Code(rawValue: "unknown_table")
        /// A column that the table does not declare was given.
        public static let unknownColumn = Code(rawValue: "unknown_column")
    }

    /// What kind of error this is.
    public var code: Code
    /// What is wrong, for a person.
    public var message: String

    /// Creates an error with a code and a message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "top level" : String(keys.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context)): missing key '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as? DictionaryError)?.message
            return "\(path(context)): \(underlying ?? context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
