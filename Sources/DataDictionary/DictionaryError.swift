public import Errors

/// The codes of errors in the data dictionary itself, or of requests for what it does not declare.
public enum DictionaryErrorDomain: ErrorDomain {}

/// An error in the data dictionary itself, or a request for something it does not declare.
public typealias DictionaryError = CodedError<DictionaryErrorDomain>

extension ErrorCode where Domain == DictionaryErrorDomain {
    /// The dictionary file could not be read.
    @inlinable
    public static var dictionaryUnreadable: Self { "dictionary_unreadable" }
    /// The dictionary file is not valid JSON or breaks a structural rule.
    @inlinable
    public static var invalidDictionary: Self { "invalid_dictionary" }
    /// A table that the dictionary does not declare was asked for.
    @inlinable
    public static var unknownTable: Self { "unknown_table" }
    /// A column that the table does not declare was given.
    @inlinable
    public static var unknownColumn: Self { "unknown_column" }
}
