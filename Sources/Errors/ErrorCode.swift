/// A family of error codes: each module declares one (an empty `enum`) so its codes form a type of
/// their own, and a code of one module never compares equal to, or matches, a code of another.
///
/// A domain's codes are text (`RawCode == String`, the default) unless it says otherwise, as MariaDB's
/// numbered codes do.
public protocol ErrorDomain: Sendable {
    /// What a code of this domain is made of.
    associatedtype RawCode: Hashable, Sendable, CustomStringConvertible = String
}

/// A stable, machine-readable error code of one ``ErrorDomain``. The set is open: a module declares its
/// codes as `@inlinable public static var`s in an extension constrained to its domain (the way swift-system
/// declares `Errno`'s; a generic type cannot hold stored `static let`s), and a caller may make others.
///
/// Compare codes with `==`, or match an error against a code in a `catch` pattern:
/// `catch IngestError.Code.tooManyRejects { … }` (the way GRDB's `ResultCode` works).
public struct ErrorCode<Domain: ErrorDomain>: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The code's stable value, e.g. `too_many_rejects` or `1062`.
    public let rawValue: Domain.RawCode

    /// Creates a code from its stable value.
    public init(rawValue: Domain.RawCode) { self.rawValue = rawValue }

    /// The code's stable value, as text.
    public var description: String { rawValue.description }

    /// Whether `error` carries this code: lets a code stand as a `catch` pattern.
    public static func ~= (code: Self, error: any Error) -> Bool {
        (error as? any CodedFailure)?.hasCode(code) ?? false
    }
}

extension ErrorCode: ExpressibleByStringLiteral, ExpressibleByUnicodeScalarLiteral,
    ExpressibleByExtendedGraphemeClusterLiteral
where Domain.RawCode == String {
    /// Creates a code from its text, so constants read `static var notFound: Self { "not_found" }`.
    public init(stringLiteral value: String) { self.init(rawValue: value) }
}

extension ErrorCode: ExpressibleByIntegerLiteral where Domain.RawCode == UInt32 {
    /// Creates a code from its number, so constants read `static var duplicateEntry: Self { 1062 }`.
    public init(integerLiteral value: UInt32) { self.init(rawValue: value) }
}

/// An error that carries an ``ErrorCode`` and a message for a person: what every Sluice error is.
public protocol CodedFailure: Error, Sendable, CustomStringConvertible {
    /// The family the error's code belongs to.
    associatedtype Domain: ErrorDomain
    /// What kind of failure this is.
    var code: ErrorCode<Domain> { get }
    /// What failed, for a person.
    var message: String { get }
}

extension CodedFailure {
    /// The code as text, also on an error whose type is not known (`any CodedFailure`).
    public var codeText: String { code.description }

    /// Whether this error carries `code` (false for a code of another domain).
    func hasCode<Other>(_ code: ErrorCode<Other>) -> Bool {
        (self.code as? ErrorCode<Other>) == code
    }
}
