/// The one error shape of Sluice's modules: a stable ``code`` from the module's ``ErrorDomain`` and a
/// ``message`` for a person, printed as `code: message`.
///
/// A module declares its domain, names the type and lists its codes:
///
/// ```swift
/// public enum IngestErrorDomain: ErrorDomain {}
/// public typealias IngestError = CodedError<IngestErrorDomain>
/// extension ErrorCode where Domain == IngestErrorDomain {
///     /// More rows were rejected than allowed.
///     @inlinable
///     public static var tooManyRejects: Self { "too_many_rejects" }
/// }
/// ```
///
/// and callers throw `IngestError(.tooManyRejects, "…")` and catch `IngestError.Code.tooManyRejects`.
public struct CodedError<Domain: ErrorDomain>: CodedFailure, Equatable {
    /// The domain's code type.
    public typealias Code = ErrorCode<Domain>

    /// What kind of failure this is.
    public var code: Code
    /// What failed, for a person (names the file, field, table or run).
    public var message: String

    /// Creates an error with a code and a message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Creates an error with a code and a message.
    public init(code: Code, message: String) {
        self.init(code, message)
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
