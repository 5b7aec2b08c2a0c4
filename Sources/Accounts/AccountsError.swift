public import Errors

/// The codes of the accounts subsystem's errors (users, passwords, sessions).
public enum AccountsErrorDomain: ErrorDomain {}

/// An error of users, passwords and sessions, with a stable machine-readable code.
public typealias AccountsError = CodedError<AccountsErrorDomain>

extension ErrorCode where Domain == AccountsErrorDomain {
    /// A password is shorter than ``PasswordHash/minimumLength`` or longer than its maximum.
    @inlinable
    public static var weakPassword: Self { "weak_password" }
    /// A user name is empty, too long, or has characters other than letters, digits, `.`, `_`, `-` and `@`.
    @inlinable
    public static var invalidName: Self { "invalid_name" }
    /// A role is not `viewer`, `operator` or `admin`.
    @inlinable
    public static var invalidRole: Self { "invalid_role" }
    /// Another user has the name.
    @inlinable
    public static var userExists: Self { "user_exists" }
    /// No user has the name.
    @inlinable
    public static var userNotFound: Self { "user_not_found" }
    /// The user is the last enabled admin, whom disabling would leave nobody to manage users.
    @inlinable
    public static var lastAdmin: Self { "last_admin" }
    /// The name and password do not match an enabled user.
    @inlinable
    public static var invalidCredentials: Self { "invalid_credentials" }
}
