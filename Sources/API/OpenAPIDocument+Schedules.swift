import JSON

extension OpenAPIDocument {
    /// A schedule's definition, as `POST`/`PUT /api/v1/schedules` take it and `GET` answers it
    /// (the answer adds `source`). Durations are seconds or text like `90s`, `5m`, `2h`.
    static func scheduleDefinition() -> JSONValue {
        let duration: JSONValue = ["type": ["number", "string"]]
        return [
            "type": "object", "required": ["name", "kind"],
            "properties": [
                "name": ["type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],
                "description": ["type": "string"], "kind": ["type": "string"], "params": ["type": "object"],
                "schedule": ["type": "string", "description": "5-field cron, a macro like @daily, or @every 5m"],
                "timezone": ["type": "string", "description": "IANA name, e.g. Europe/Madrid"],
                "catchUp": ["enum": ["skip", "once", "all"]], "timeout": duration,
                "retries": [
                    "type": "object", "properties": ["max": ["type": "integer", "minimum": 0], "backoff": duration],
                ],
                "allowOverlap": ["type": "boolean"], "enabled": ["type": "boolean"],
                "notify": [
                    "type": "object",
                    "description":
                        "Webhooks POSTed a JSON notice (id, job, state, cause, durationSeconds, link, text) when a run fails for good, and on success if onSuccess",
                    "properties": [
                        "webhooks": ["type": "array", "maxItems": 10, "items": ["type": "string", "format": "uri"]],
                        "onSuccess": ["type": "boolean"],
                    ],
                ],
                "source": ["enum": ["file", "database"], "readOnly": true],
            ],
        ]
    }
}
