import Accounts

/// Who sent a request, once authenticated: a machine with an API key, or a person signed in with a
/// session cookie.
struct Caller: Sendable {
    /// How the caller authenticated.
    enum Credential: Sendable {
        /// An API key.
        case key(APIKeyStore.Key)
        /// A session cookie; `token` is the session id the cookie holds.
        case session(UserStore.User, token: String)
    }

    let credential: Credential

    /// What the caller may do.
    var permissions: Set<Permission> {
        switch credential {
        case .key(let key): Permission.granted(to: key.scopes)
        case .session(let user, _): Permission.granted(to: user.role)
        }
    }

    /// The id that owns what the caller stores (uploads, rejects, idempotent replies): the key's id,
    /// or `user:<id>` for a person; at most 32 characters either way.
    var id: String {
        switch credential {
        case .key(let key): key.id
        case .session(let user, _): "user:\(user.id)"
        }
    }

    /// `key` or `user`, as the audit trail records it.
    var kind: String {
        switch credential {
        case .key: "key"
        case .session: "user"
        }
    }

    /// The name the audit trail records: the user's name, or the key's id.
    var name: String {
        switch credential {
        case .key(let key): key.id
        case .session(let user, _): user.name
        }
    }

    /// The caller in words, as a run's `triggeredBy` records it: `user NAME`, or `key NAME (ID)`.
    var byline: String {
        switch credential {
        case .key(let key): "key \(key.name) (\(key.id))"
        case .session(let user, _): "user \(user.name)"
        }
    }

    /// Whether the caller may do what `permission` allows.
    func has(_ permission: Permission) -> Bool { permissions.contains(permission) }
}
