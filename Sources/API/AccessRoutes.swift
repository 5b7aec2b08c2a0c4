import JSON

extension Route {
    /// Who may come in (admin): the users who sign in and the API keys machines send.
    static let access: [Route] = [
        Route(.get, "/api/v1/users", scope: .admin, .buffered { try $0.listUsers($1) }) { _ in
            OpenAPIOperation("Every user, by name (never a password)", responses: ["200": .ok("Users")])
        },
        Route(.post, "/api/v1/users", scope: .admin, audit: "user.create", .buffered { try $0.createUser($1) }) { _ in
            OpenAPIOperation(
                "Create a user who signs in with a name and password",
                body: .json([
                    "type": "object", "required": ["name", "role", "password"],
                    "properties": [
                        "name": ["type": "string"], "role": ["enum": ["viewer", "operator", "admin"]],
                        "password": ["type": "string", "minLength": 12],
                    ],
                ]),
                responses: [
                    "201": .ok("User"), "400": .error("malformed_json, invalid_name, invalid_role or weak_password"),
                    "409": .error("user_exists"),
                ])
        },
        Route(
            .post, "/api/v1/users/{name}/disable", scope: .admin, audit: "user.disable",
            .buffered { try $0.setUserDisabled($1, true) }
        ) { _ in
            OpenAPIOperation(
                "Disable a user and end their sessions", parameters: [userName],
                responses: ["200": .ok("User"), "404": .error("user_not_found")])
        },
        Route(
            .post, "/api/v1/users/{name}/enable", scope: .admin, audit: "user.enable",
            .buffered { try $0.setUserDisabled($1, false) }
        ) { _ in
            OpenAPIOperation(
                "Enable a disabled user again", parameters: [userName],
                responses: ["200": .ok("User"), "404": .error("user_not_found")])
        },
        Route(
            .post, "/api/v1/users/{name}/password", scope: .admin, audit: "user.reset_password",
            .buffered { try $0.resetPassword($1) }
        ) { _ in
            OpenAPIOperation(
                "Set a user's password and end their sessions", parameters: [userName],
                body: .json([
                    "type": "object", "required": ["password"],
                    "properties": ["password": ["type": "string", "minLength": 12]],
                ]),
                responses: [
                    "204": .plain("Changed"), "400": .error("malformed_json or weak_password"),
                    "404": .error("user_not_found"),
                ])
        },
        Route(.get, "/api/v1/keys", scope: .admin, .buffered { try $0.listKeys($1) }) { _ in
            OpenAPIOperation("Every API key, newest first (never a secret)", responses: ["200": .ok("Keys")])
        },
        Route(.post, "/api/v1/keys", scope: .admin, audit: "key.create", .buffered { try $0.createKey($1) }) { _ in
            OpenAPIOperation(
                "Create an API key; the answer's `key` is the only time the secret is shown",
                body: .json([
                    "type": "object", "required": ["name", "scopes"],
                    "properties": [
                        "name": ["type": "string", "minLength": 1, "maxLength": 200],
                        "scopes": [
                            "type": "array", "minItems": 1,
                            "items": ["enum": ["read", "ingest", "reports", "operator", "admin"]],
                        ],
                    ],
                ]),
                responses: ["201": .ok("NewKey"), "400": .error("malformed_json or invalid_parameter")])
        },
        Route(.post, "/api/v1/keys/{id}/revoke", scope: .admin, audit: "key.revoke", .buffered { try $0.revokeKey($1) })
        {
            _ in
            OpenAPIOperation(
                "Revoke a key: it stops working within seconds", parameters: [.path("id", ["type": "string"])],
                responses: ["200": .ok("Key"), "404": .error("no live key has that id")])
        },
    ]

    private static let userName = OpenAPIOperation.Parameter.path("name", ["type": "string"])
}
