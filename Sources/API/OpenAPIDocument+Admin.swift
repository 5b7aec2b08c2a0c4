import JSON

/// The schemas of the admin routes' answers: job runs and schedules, uploads, backups. They name
/// the fields clients rely on and allow others.
extension OpenAPIDocument {
    static func adminSchemas() -> [String: JSONValue] {
        let text: JSONValue = ["type": "string"]
        let optionalText: JSONValue = ["type": ["string", "null"]]
        let integer: JSONValue = ["type": "integer"]
        func list(_ reference: String) -> JSONValue {
            [
                "type": "object", "required": ["items"],
                "properties": ["items": ["type": "array", "items": ["$ref": .string(reference)]]],
            ]
        }
        return [
            "Run": [
                "type": "object", "required": ["id", "job", "kind", "trigger", "state", "attempt", "params"],
                "properties": [
                    "id": integer, "job": text, "kind": text, "params": ["type": "object"],
                    "trigger": ["type": "string", "description": "schedule, api or user"],
                    "triggeredBy": [
                        "type": ["string", "null"],
                        "description":
                            "who or what queued it: schedule NAME, key NAME (ID), USER (command line), retry of run N",
                    ],
                    "attempt": integer,
                    "state": [
                        "type": "string", "enum": ["queued", "running", "succeeded", "failed", "cancelled", "lost"],
                    ],
                    "exitCause": optionalText, "summary": ["type": ["object", "null"]],
                    "store": ["type": "string", "description": "the file store holding the file it reads"],
                    "waitingFor": [
                        "type": "string",
                        "description": "why it is still queued: no scheduler that has its store is up",
                    ],
                ],
            ],
            "Runs": list("#/components/schemas/Run"),
            "LogLines": list("#/components/schemas/LogLine"),
            "LogLine": ["type": "object", "properties": ["seq": integer, "stream": text, "line": text]],
            "Schedules": list("#/components/schemas/Schedule"),
            "ScheduleState": [
                "type": "object", "required": ["name", "enabled"],
                "properties": ["name": text, "enabled": ["type": "boolean"]],
            ],
            "Schedule": [
                "type": "object", "required": ["name", "kind", "enabled", "source"],
                "properties": [
                    "name": text, "kind": text, "enabled": ["type": "boolean"],
                    "source": ["enum": ["file", "database"]],
                ],
            ],
            "ScheduleDefinition": scheduleDefinition(),
            "SchedulePreview": [
                "type": "object", "required": ["next"],
                "properties": ["next": ["type": "array", "items": ["type": "string", "format": "date-time"]]],
            ],
            "Upload": [
                "type": "object", "required": ["id", "sha256", "bytes", "createdAt"],
                "properties": [
                    "id": integer, "sha256": text, "bytes": integer, "filename": optionalText,
                    "contentType": optionalText,
                    "createdAt": text, "duplicate": ["type": "boolean"],
                    "host": optionalText, "store": optionalText,
                ],
            ],
            "Uploads": list("#/components/schemas/Upload"),
            "Backup": [
                "type": "object", "required": ["id", "snapshotTime", "codec", "tables"],
                "properties": [
                    "id": text, "snapshotTime": text, "codec": text, "dictionaryVersion": integer,
                    "host": ["type": "string", "description": "the host that wrote it"],
                    "store": ["type": "string", "description": "the file store holding its folder"],
                    "path": ["type": "string", "description": "its folder on the off-site remote (off-site listings)"],
                    "tables": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["table", "rows"],
                            "properties": [
                                "table": text, "file": text, "rows": integer, "bytes": integer, "sha256": text,
                                "contentSHA256": text,
                            ],
                        ],
                    ],
                ],
            ],
            "Backups": list("#/components/schemas/Backup"),
            "OffsiteBackups": [
                "type": "object", "required": ["remote", "items"],
                "properties": [
                    "remote": ["type": "string", "description": "REMOTE:PATH, as POST /api/v1/restores takes offsite"],
                    "items": ["type": "array", "items": ["$ref": "#/components/schemas/Backup"]],
                ],
            ],
        ]
    }
}
