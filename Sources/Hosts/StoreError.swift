public import Errors

/// The codes of a file store's failures.
public enum StoreErrorDomain: ErrorDomain {}

/// An error of opening the file store (`--store`), with a stable machine-readable code.
public typealias StoreError = CodedError<StoreErrorDomain>

extension ErrorCode where Domain == StoreErrorDomain {
    /// The store's directory or its id file cannot be made or written.
    @inlinable
    public static var storeUnwritable: Self { "store_unwritable" }
    /// The store's id file holds something other than an id.
    @inlinable
    public static var storeIDCorrupt: Self { "store_id_corrupt" }
}
