import Accounts
import Errors
import JSON
import MariaDB

/// `POST`, `GET` and `DELETE /api/v1/session`: sign in, who am I, sign out.
extension APIService {
    /// What `POST` and `GET /api/v1/session` answer.
    struct SessionAnswer: Encodable {
        /// `user` or `key`.
        let kind: String
        /// The user's name, or the key's.
        let name: String
        /// The user's role; nil for a key.
        let role: Role?
        /// The key's scopes; nil for a user.
        let scopes: [APIKeyStore.Scope]?
        /// What the caller may do, sorted.
        let permissions: [Permission]
        /// The token a signed-in change sends as `X-CSRF-Token`; nil for a key.
        let csrfToken: String?

        init(_ caller: Caller) {
            kind = caller.kind
            permissions = caller.permissions.sorted { $0.rawValue < $1.rawValue }
            switch caller.credential {
            case .key(let key):
                name = key.name
                role = nil
                scopes = key.scopes
                csrfToken = nil
            case .session(let user, let token):
                name = user.name
                role = user.role
                scopes = nil
                csrfToken = SessionStore.csrfToken(for: token)
            }
        }
    }

    /// The sign-in form's body.
    private struct Credentials: Decodable {
        let name: String
        let password: String
    }

    /// `POST /api/v1/session`: checks the throttle, then the name and password; records the
    /// attempt in the audit trail either way; on success sets the cookie. The password is never
    /// logged or stored.
    func signIn(_ call: RouteCall) throws -> APIResponse {
        let request = call.request
        guard let credentials = try? JSON.decode(Credentials.self, from: request.body) else {
            throw APIError.malformedJSON("send {\"name\": \"...\", \"password\": \"...\"}")
        }
        let name = String(credentials.name.prefix(64))
        let address = request.remoteAddress
        func note(_ outcome: String) {
            record(
                AuditLog.Entry(
                    actorKind: outcome == "ok" ? "user" : "anonymous", actor: name, action: "session.sign_in",
                    target: name, address: address, requestID: request.requestID, outcome: outcome),
                request: request)
        }
        if let wait = try pool.withConnection({ try SignInThrottle().retryAfter(name: name, address: address, on: $0) })
        {
            note("too_many_attempts")
            var answer = APIResponse.error(
                APIError(
                    "too_many_attempts", status: 429, "too many failed sign-ins; try again in \(wait) s",
                    details: ["retry_after": String(wait)]))
            answer.headers.append(("Retry-After", String(wait)))
            return answer
        }
        let user = try pool.withConnection { connection in
            try UserStore().authenticate(name: name, password: credentials.password, on: connection)
        }
        guard let user else {
            try pool.withConnection { try SignInThrottle().failed(name: name, address: address, on: $0) }
            note("invalid_credentials")
            throw APIError("invalid_credentials", status: 401, "the name or password is wrong, or the user is disabled")
        }
        let token = try pool.withConnection { connection in
            try SignInThrottle().succeeded(name: name, on: connection)
            if let old = request.cookie(Self.sessionCookie) { try SessionStore().end(old, on: connection) }
            return try SessionStore().start(userID: user.id, address: address, on: connection)
        }
        note("ok")
        var answer = try APIResponse.encoded(SessionAnswer(Caller(credential: .session(user, token: token))))
        answer.headers.append(("Set-Cookie", cookie(token, maxAge: SessionStore.lifetimeSeconds)))
        return answer
    }

    /// `GET /api/v1/session`.
    func whoAmI(_ call: RouteCall) throws -> APIResponse {
        try .encoded(SessionAnswer(try call.requireCaller()))
    }

    /// `DELETE /api/v1/session` (204): ends a cookie's session; a key has none to end.
    func signOut(_ call: RouteCall) throws -> APIResponse {
        var answer = APIResponse(status: 204, body: [])
        if case .session(_, let token) = try call.requireCaller().credential {
            _ = try pool.withConnection { try SessionStore().end(token, on: $0) }
            answer.headers.append(("Set-Cookie", cookie("", maxAge: 0)))
        }
        return answer
    }

    /// The session cookie holding `token`: script-proof, sent only to this site, and only over
    /// HTTPS when the server speaks it.
    private func cookie(_ token: String, maxAge: Int) -> String {
        "\(Self.sessionCookie)=\(token); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (tls ? "; Secure" : "")
    }
}
