import JSON

extension Route {
    /// Signing in and out of the admin site: a session cookie for a person, whose role decides what
    /// they may do. The sign-in is public and takes a small JSON body.
    static let session: [Route] = [
        Route(
            .post, "/api/v1/session", scope: nil, publicBodyLimit: 4096, .buffered { try $0.signIn($1) }
        ) { _ in
            OpenAPIOperation(
                "Sign in: sets the session cookie (HttpOnly, SameSite=Strict, Secure under TLS) and answers who signed in, with the CSRF token every change must send as X-CSRF-Token",
                body: .json([
                    "type": "object", "required": ["name", "password"],
                    "properties": ["name": ["type": "string"], "password": ["type": "string"]],
                ]),
                responses: [
                    "200": .ok("Session"), "400": .error("malformed_json"),
                    "401": .error("invalid_credentials: no enabled user has that name and password"),
                    "413": .error("body_not_allowed: more than 4096 bytes, or no Content-Length"),
                    "429": .error(
                        "too_many_attempts: too many failed sign-ins for the name or address; see Retry-After"),
                    "503": .error("database down"),
                ])
        },
        Route(.get, "/api/v1/session", scope: .identify, .buffered { try $0.whoAmI($1) }) { _ in
            OpenAPIOperation(
                "Who is calling: the signed-in user (with the CSRF token) or the key, and what they may do",
                responses: ["200": .ok("Session")])
        },
        Route(.delete, "/api/v1/session", scope: .identify, audit: "session.sign_out", .buffered { try $0.signOut($1) })
        {
            _ in
            OpenAPIOperation(
                "Sign out: ends the session and clears its cookie", responses: ["204": .plain("Signed out")])
        },
    ]
}
