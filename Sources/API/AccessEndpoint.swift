import Accounts
import Errors
import Foundation
import JSON
import MariaDB

/// The users and keys routes (admin): list, create, disable or revoke, reset a password.
extension APIService {
    /// `GET /api/v1/users`: `{"items": [users]}`.
    func listUsers(_ call: RouteCall) throws -> APIResponse {
        try .encoded(["items": try pool.withConnection { try UserStore().list(on: $0) }])
    }

    /// `POST /api/v1/users` (201).
    func createUser(_ call: RouteCall) throws -> APIResponse {
        struct Body: Decodable {
            let name: String
            let role: String
            let password: String
        }
        let body = try decode(Body.self, call, "send {\"name\", \"role\", \"password\"}")
        let role = try Role(parsing: body.role)
        let user = try pool.withConnection {
            try UserStore().create(name: body.name, role: role, password: body.password, on: $0)
        }
        return try .encoded(user, status: 201)
    }

    /// `POST /api/v1/users/{name}/disable` and `/enable`.
    func setUserDisabled(_ call: RouteCall, _ disabled: Bool) throws -> APIResponse {
        try .encoded(try pool.withConnection { try UserStore().setDisabled(disabled, name: call["name"], on: $0) })
    }

    /// `POST /api/v1/users/{name}/password` (204).
    func resetPassword(_ call: RouteCall) throws -> APIResponse {
        struct Body: Decodable { let password: String }
        let body = try decode(Body.self, call, "send {\"password\"}")
        try pool.withConnection { try UserStore().resetPassword(name: call["name"], password: body.password, on: $0) }
        return APIResponse(status: 204, body: [])
    }

    /// `GET /api/v1/keys`: `{"items": [keys]}`.
    func listKeys(_ call: RouteCall) throws -> APIResponse {
        try .encoded(["items": try pool.withConnection { try APIKeyStore().list(on: $0) }.map(KeyAnswer.init)])
    }

    /// `POST /api/v1/keys` (201): the key's fields and, once, the key itself.
    func createKey(_ call: RouteCall) throws -> APIResponse {
        struct Body: Decodable {
            let name: String
            let scopes: [String]
        }
        let body = try decode(Body.self, call, "send {\"name\", \"scopes\": [...]}")
        let scopes = try body.scopes.map { text in
            guard let scope = APIKeyStore.Scope(rawValue: text) else {
                throw APIError(
                    "invalid_parameter", status: 400, "unknown scope '\(text)'",
                    details: ["allowed": APIKeyStore.Scope.allCases.map(\.rawValue).joined(separator: ", ")])
            }
            return scope
        }
        guard !scopes.isEmpty, !body.name.isEmpty, body.name.count <= 200 else {
            throw APIError("invalid_parameter", status: 400, "a key needs a name (1 to 200 characters) and a scope")
        }
        let (secret, key) = try pool.withConnection { connection in
            let secret = try APIKeyStore().create(name: body.name, scopes: scopes, on: connection)
            let id = secret.split(separator: "_")[1]
            return (secret, try APIKeyStore().list(on: connection).first { $0.id == id })
        }
        guard let key else { throw APIError.notFound }
        var answer = KeyAnswer(key)
        answer.key = secret
        return try .encoded(answer, status: 201)
    }

    /// `POST /api/v1/keys/{id}/revoke`.
    func revokeKey(_ call: RouteCall) throws -> APIResponse {
        let key = try pool.withConnection { connection -> APIKeyStore.Key? in
            guard try APIKeyStore().revoke(id: call["id"], on: connection) else { return nil }
            return try APIKeyStore().list(on: connection).first { $0.id == call["id"] }
        }
        guard let key else { throw APIError("not_found", status: 404, "no live key has the id '\(call["id"])'") }
        return try .encoded(KeyAnswer(key))
    }

    /// The JSON body of `call` as a `T`, or 400 `malformed_json` with `hint`.
    private func decode<T: Decodable>(_ type: T.Type, _ call: RouteCall, _ hint: String) throws -> T {
        guard let value = try? JSON.decode(type, from: call.request.body) else { throw APIError.malformedJSON(hint) }
        return value
    }

    /// A key as the API answers it: its times as instants, and (only when just created) the key itself.
    struct KeyAnswer: Encodable {
        let id: String
        let name: String
        let scopes: [APIKeyStore.Scope]
        let createdAt: Date?
        let revokedAt: Date?
        let lastUsedAt: Date?
        /// The whole key, secret included: set once, in the answer that creates it.
        var key: String?

        init(_ key: APIKeyStore.Key) {
            id = key.id
            name = key.name
            scopes = key.scopes
            createdAt = DBTime.date(.string(key.createdAt))
            revokedAt = key.revokedAt.flatMap { DBTime.date(.string($0)) }
            lastUsedAt = key.lastUsedAt.flatMap { DBTime.date(.string($0)) }
        }
    }
}
