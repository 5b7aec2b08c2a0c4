import JSON

/// The schemas of the session, users, keys and audit routes' answers.
extension OpenAPIDocument {
    static func accessSchemas() -> [String: JSONValue] {
        let text: JSONValue = ["type": "string"]
        let instant: JSONValue = ["type": "string", "format": "date-time"]
        let optionalInstant: JSONValue = ["type": ["string", "null"], "format": "date-time"]
        let scopes: JSONValue = [
            "type": "array", "items": ["enum": ["read", "ingest", "reports", "operator", "admin"]],
        ]
        let permissions = JSONValue.strings(Permission.allCases.map(\.rawValue))
        func list(_ reference: String) -> JSONValue {
            [
                "type": "object", "required": ["items"],
                "properties": ["items": ["type": "array", "items": ["$ref": .string(reference)]]],
            ]
        }
        return [
            "Session": [
                "type": "object", "required": ["kind", "name", "permissions"],
                "properties": [
                    "kind": ["enum": ["user", "key"]], "name": text,
                    "role": ["enum": ["viewer", "operator", "admin"]], "scopes": scopes,
                    "permissions": ["type": "array", "items": ["enum": permissions]],
                    "csrfToken": text,
                ],
            ],
            "User": [
                "type": "object", "required": ["id", "name", "role"],
                "properties": [
                    "id": ["type": "integer"], "name": text, "role": ["enum": ["viewer", "operator", "admin"]],
                    "createdAt": instant, "disabledAt": instant, "lastSignInAt": instant,
                ],
            ],
            "Users": list("#/components/schemas/User"),
            "Key": [
                "type": "object", "required": ["id", "name", "scopes"],
                "properties": [
                    "id": text, "name": text, "scopes": scopes, "createdAt": optionalInstant,
                    "revokedAt": optionalInstant, "lastUsedAt": optionalInstant,
                ],
            ],
            "Keys": list("#/components/schemas/Key"),
            "NewKey": [
                "allOf": [
                    ["$ref": "#/components/schemas/Key"],
                    ["type": "object", "required": ["key"], "properties": ["key": text]],
                ]
            ],
            "AuditEntry": [
                "type": "object",
                "required": ["id", "actorKind", "actor", "action", "target", "address", "requestID", "outcome"],
                "properties": [
                    "id": ["type": "integer"], "at": instant,
                    "actorKind": ["enum": ["user", "key", "cli", "anonymous"]],
                    "actor": text, "action": text, "target": text, "address": text, "requestID": text, "outcome": text,
                ],
            ],
            "AuditEntries": [
                "type": "object", "required": ["items", "next_before"],
                "properties": [
                    "items": ["type": "array", "items": ["$ref": "#/components/schemas/AuditEntry"]],
                    "next_before": ["type": ["integer", "null"]],
                ],
            ],
        ]
    }
}
