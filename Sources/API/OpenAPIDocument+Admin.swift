import DataDictionary

/// The admin routes of the OpenAPI document: job runs and schedules, uploads, backups and
/// restores, and reports. Schemas name the fields clients rely on and allow others.
extension OpenAPIDocument {
    func adminPaths() -> [String: Any] {
        let id = pathParameter("id", ["type": "integer", "minimum": 1])
        let denied = ["401": error("no key"), "403": error("wrong scope"), "503": error("database down")]
        func responses(_ pairs: [String: Any]) -> [String: Any] { pairs.merging(denied) { first, _ in first } }
        func body(_ schema: [String: Any]) -> [String: Any] {
            ["required": true, "content": ["application/json": ["schema": schema]]]
        }
        return [
            "/api/v1/jobs": [
                "get": secured([
                    "summary": "Job runs, newest first",
                    "parameters": [
                        query(
                            "status",
                            [
                                "type": "string",
                                "enum": ["queued", "running", "succeeded", "failed", "cancelled", "lost"],
                            ]),
                        query("kind", ["type": "string"]), query("job", ["type": "string"]),
                        query("limit", ["type": "integer", "minimum": 1, "maximum": 1000]),
                        query("offset", ["type": "integer", "minimum": 0]),
                    ],
                    "responses": responses(["200": ok("#/components/schemas/Runs"), "400": error("bad parameter")]),
                ]),
                "post": secured([
                    "summary": "Queue a run: of a job, of a kind with parameters, or the migration of an upload",
                    "requestBody": body([
                        "oneOf": [
                            [
                                "type": "object", "required": ["job"],
                                "properties": ["job": ["type": "string"], "params": ["type": "object"]],
                            ],
                            [
                                "type": "object", "required": ["kind"],
                                "properties": ["kind": ["type": "string"], "params": ["type": "object"]],
                            ],
                            [
                                "type": "object", "required": ["kind", "upload", "table"],
                                "properties": [
                                    "kind": ["const": "migrate"], "upload": ["type": "integer"],
                                    "table": ["type": "string", "enum": dictionary.tables.map(\.name)],
                                    "header": ["type": "boolean"],
                                ],
                            ],
                        ]
                    ]),
                    "responses": responses([
                        "201": ok("#/components/schemas/Run"), "400": error("bad body or parameters"),
                        "404": error("unknown job, upload or table"),
                    ]),
                ]),
            ],
            "/api/v1/jobs/{id}": [
                "get": secured([
                    "summary": "One run", "parameters": [id],
                    "responses": responses(["200": ok("#/components/schemas/Run"), "404": error("no such run")]),
                ])
            ],
            "/api/v1/jobs/{id}/log": [
                "get": secured([
                    "summary": "A run's log", "parameters": [id],
                    "responses": responses(["200": ok("#/components/schemas/LogLines"), "404": error("no such run")]),
                ])
            ],
            "/api/v1/jobs/{id}/cancel": [
                "post": secured([
                    "summary": "Cancel a queued run, or stop a running one (SIGTERM, grace, SIGKILL)",
                    "parameters": [id],
                    "responses": responses([
                        "200": ok("#/components/schemas/Run"), "404": error("no such run"),
                        "409": error("the run has ended"),
                    ]),
                ])
            ],
            "/api/v1/schedules": [
                "get": secured([
                    "summary": "Job definitions with their next and last run",
                    "responses": responses(["200": ok("#/components/schemas/Schedules")]),
                ])
            ],
            "/api/v1/schedules/{name}/enable": scheduleAction("Enable a schedule", responses),
            "/api/v1/schedules/{name}/disable": scheduleAction("Disable a schedule", responses),
            "/api/v1/schedules/{name}/run": scheduleAction("Queue a run of a job now", responses, created: true),
            "/api/v1/uploads": [
                "get": secured([
                    "summary": "Uploads, newest first",
                    "parameters": [
                        query("limit", ["type": "integer", "minimum": 1, "maximum": 1000]),
                        query("offset", ["type": "integer", "minimum": 0]),
                    ],
                    "responses": responses(["200": ok("#/components/schemas/Uploads"), "400": error("bad parameter")]),
                ]),
                "post": secured([
                    "summary":
                        "Upload a CSV (raw body, or multipart/form-data with a file part), streamed to the data directory",
                    "parameters": [query("filename", ["type": "string"])],
                    "requestBody": [
                        "required": true,
                        "content": [
                            "text/csv": ["schema": ["type": "string"]],
                            "multipart/form-data": [
                                "schema": [
                                    "type": "object", "properties": ["file": ["type": "string", "format": "binary"]],
                                ]
                            ],
                        ],
                    ],
                    "responses": responses([
                        "201": ok("#/components/schemas/Upload"), "200": ok("#/components/schemas/Upload"),
                        "400": error("empty upload, no file part, malformed multipart"),
                        "413": error("over the size cap"),
                    ]),
                ]),
            ],
            "/api/v1/uploads/{id}": [
                "get": secured([
                    "summary": "One upload", "parameters": [id],
                    "responses": responses(["200": ok("#/components/schemas/Upload"), "404": error("no such upload")]),
                ])
            ],
            "/api/v1/backups": [
                "get": secured([
                    "summary": "Complete backups with their manifests, newest first",
                    "responses": responses(["200": ok("#/components/schemas/Backups")]),
                ])
            ],
            "/api/v1/backups/{id}": [
                "get": secured([
                    "summary": "One backup's manifest", "parameters": [pathParameter("id", ["type": "string"])],
                    "responses": responses(["200": ok("#/components/schemas/Backup"), "404": error("no such backup")]),
                ])
            ],
            "/api/v1/restores": [
                "post": secured([
                    "summary": "Queue the restore of a table from a backup (all or nothing, in a worker)",
                    "requestBody": body([
                        "type": "object", "required": ["table", "backup"], "additionalProperties": false,
                        "properties": [
                            "table": ["type": "string", "enum": dictionary.tables.map(\.name)],
                            "backup": ["type": "string"],
                            "dryRun": ["type": "boolean"], "maxRejects": ["type": ["string", "integer"]],
                        ],
                    ]),
                    "responses": responses([
                        "202": ok("#/components/schemas/Run"), "400": error("bad body"),
                        "404": error("unknown table or backup"),
                        "422": error("the backup has no such table"),
                    ]),
                ])
            ],
            "/api/v1/reports": [
                "get": secured([
                    "summary": "The report catalogue", "responses": responses(["200": ["description": "OK"]]),
                ])
            ],
            "/api/v1/reports/{name}": [
                "get": secured([
                    "summary": "One report's rows for a year, as a flat JSON array (or CSV)",
                    "parameters": [
                        pathParameter("name", ["type": "string"]),
                        query("year", ["type": "integer", "minimum": 1000, "maximum": 9999]),
                        query("format", ["type": "string", "enum": ["json", "csv"]]),
                    ],
                    "responses": responses([
                        "200": ["description": "OK"], "304": ["description": "unchanged"],
                        "400": error("bad parameter"), "404": error("no such report"),
                    ]),
                ])
            ],
        ]
    }

    func adminSchemas() -> [String: Any] {
        let text = ["type": "string"]
        let optionalText = ["type": ["string", "null"]]
        let integer = ["type": "integer"]
        func list(_ reference: String) -> [String: Any] {
            [
                "type": "object", "required": ["items"],
                "properties": ["items": ["type": "array", "items": ["$ref": reference]]],
            ]
        }
        return [
            "Run": [
                "type": "object", "required": ["id", "job", "kind", "trigger", "state", "attempt", "params"],
                "properties": [
                    "id": integer, "job": text, "kind": text, "trigger": text, "params": ["type": "object"],
                    "attempt": integer,
                    "state": [
                        "type": "string", "enum": ["queued", "running", "succeeded", "failed", "cancelled", "lost"],
                    ],
                    "exitCause": optionalText, "summary": ["type": ["object", "null"]],
                ],
            ],
            "Runs": list("#/components/schemas/Run"),
            "LogLines": list("#/components/schemas/LogLine"),
            "LogLine": ["type": "object", "properties": ["seq": integer, "stream": text, "line": text]],
            "Schedules": list("#/components/schemas/Schedule"),
            "Schedule": [
                "type": "object", "required": ["name", "kind", "enabled"],
                "properties": ["name": text, "kind": text, "enabled": ["type": "boolean"]],
            ],
            "Upload": [
                "type": "object", "required": ["id", "sha256", "bytes", "createdAt"],
                "properties": [
                    "id": integer, "sha256": text, "bytes": integer, "filename": optionalText,
                    "contentType": optionalText,
                    "createdAt": text, "duplicate": ["type": "boolean"],
                ],
            ],
            "Uploads": list("#/components/schemas/Upload"),
            "Backup": [
                "type": "object", "required": ["id", "snapshotTime", "codec", "tables"],
                "properties": [
                    "id": text, "snapshotTime": text, "codec": text, "dictionaryVersion": integer,
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
        ]
    }

    private func scheduleAction(_ summary: String, _ responses: ([String: Any]) -> [String: Any], created: Bool = false)
        -> [String: Any]
    {
        [
            "post": secured([
                "summary": summary, "parameters": [pathParameter("name", ["type": "string"])],
                "responses": responses([created ? "201" : "200": ["description": "OK"], "404": error("no such job")]),
            ])
        ]
    }

    private func pathParameter(_ name: String, _ schema: [String: Any]) -> [String: Any] {
        ["name": name, "in": "path", "required": true, "schema": schema]
    }
}
