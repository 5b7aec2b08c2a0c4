import Accounts
import Errors
import Foundation
import MariaDB
import MicroHTTPD

extension APIService {
    /// The session cookie's name.
    static let sessionCookie = "sluice_session"

    /// What a route's gate found: the caller (when one authenticated) and the refusal, if any.
    struct Gate {
        let caller: Caller?
        let refusal: (any Error)?
    }

    /// Checks `request` against `route`'s permission, from its head alone: a public route lets
    /// everyone in; any other needs a caller (401 `unauthorized`) who holds the permission (403
    /// `forbidden`) and, when a session cookie authenticates a state-changing request, the
    /// session's CSRF token or the server's own `Origin` (403 `csrf_failed`).
    func gate(_ request: APIRequest, _ route: Route) -> Gate {
        guard let permission = route.permission else { return Gate(caller: nil, refusal: nil) }
        let caller: Caller
        do {
            caller = try authenticate(request, queryKeyAllowed: permission == .reports && route.method == .get)
        } catch {
            return Gate(caller: nil, refusal: error)
        }
        guard caller.has(permission) else {
            let why =
                switch caller.credential {
                case .key: "this key's scopes do not grant '\(permission.rawValue)'"
                case .session(let user, _): "the \(user.role.rawValue) role does not grant '\(permission.rawValue)'"
                }
            return Gate(caller: caller, refusal: APIError("forbidden", status: 403, why))
        }
        if case .session(_, let token) = caller.credential, route.method != .get, !passesCSRFCheck(request, token) {
            return Gate(
                caller: caller,
                refusal: APIError(
                    "csrf_failed", status: 403,
                    "a signed-in change needs the session's X-CSRF-Token header (or this server's own Origin)"))
        }
        return Gate(caller: caller, refusal: nil)
    }

    /// The caller of `request`: a key sent as `Authorization: Bearer`, `X-API-Key` or (where
    /// `queryKeyAllowed`) `?api_key=`, else a session cookie. A key, when sent, is what counts.
    private func authenticate(_ request: APIRequest, queryKeyAllowed: Bool) throws -> Caller {
        let presented =
            request.headers["authorization"].flatMap { value -> String? in
                let parts = value.split(separator: " ", maxSplits: 1)
                return parts.count == 2 && parts[0].lowercased() == "bearer" ? String(parts[1]) : nil
            } ?? request.headers["x-api-key"] ?? (queryKeyAllowed ? request.query["api_key"] : nil)
        if let presented {
            guard let key = try keys.verify(presented, pool: pool) else {
                throw APIError("unauthorized", status: 401, "the API key is unknown or revoked")
            }
            return Caller(credential: .key(key))
        }
        if let token = request.cookie(Self.sessionCookie) {
            guard let user = try pool.withConnection({ try SessionStore().user(of: token, on: $0) }) else {
                throw APIError("unauthorized", status: 401, "the session has ended; sign in again")
            }
            return Caller(credential: .session(user, token: token))
        }
        let hint = request.query["api_key"] == nil ? "" : "; ?api_key= is accepted on GET report routes only"
        throw APIError("unauthorized", status: 401, "sign in, or send an API key: Authorization: Bearer KEY\(hint)")
    }

    /// Whether a cookie-authenticated change carries the session's CSRF token, or comes from a page
    /// of this server (`Origin` exactly this server's scheme and host).
    private func passesCSRFCheck(_ request: APIRequest, _ token: String) -> Bool {
        if let sent = request.headers["x-csrf-token"] {
            return Secrets.equal(Array(sent.utf8), Array(SessionStore.csrfToken(for: token).utf8))
        }
        guard let origin = request.headers["origin"], let host = request.headers["host"] else { return false }
        return origin == (tls ? "https://" : "http://") + host
    }
}

extension APIRequest {
    /// The value of the cookie `name`, if the request sent one.
    func cookie(_ name: String) -> String? {
        for pair in (headers["cookie"] ?? "").split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
