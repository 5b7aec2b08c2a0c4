import JSON
import MariaDB
extension Route {
    /// The upload routes (view to list, operate to upload, audited); `POST /api/v1/uploads` is
    /// streamed to a sink, never buffered.
    static let uploads: [Route] = [
        Route(.get, "/api/v1/uploads", scope: .view, .buffered { try $0.uploads.list($1, pool: $0.pool) }) { _ in
            OpenAPIOperation(
                "Uploads, newest first",
                parameters: [
                    .query("limit", ["type": "integer", "minimum": 1, "maximum": 1000]),
                    .query("offset", ["type": "integer", "minimum": 0]),
                ],
                responses: ["200": .ok("Uploads"), "400": .error("bad parameter")])
        },
        Route(
            .post, "/api/v1/uploads", scope: .operate, audit: "upload",
            .sink { try $0.uploads.sink($1, pool: $0.pool, respond: $2) }
        ) { _ in
            OpenAPIOperation(
                "Upload a CSV (raw body, or multipart/form-data with a file part), streamed to the file store",
                parameters: [.query("filename", ["type": "string"])],
                body: OpenAPIOperation.RequestBody(content: [
                    "text/csv": .init(["type": "string"]),
                    "multipart/form-data": .init([
                        "type": "object", "properties": ["file": ["type": "string", "format": "binary"]],
                    ]),
                ]),
                responses: [
                    "201": .ok("Upload"), "200": .ok("Upload"),
                    "400": .error("empty upload, no file part, more than one file part, malformed multipart"),
                    "413": .error("over the size cap"),
                    "507": .error("the server could not store the file (disk full, file-size limit)"),
                ])
        },
        Route(.get, "/api/v1/uploads/{id}", scope: .view, .buffered { try $0.uploads.show($1, pool: $0.pool) }) { _ in
            OpenAPIOperation(
                "One upload", parameters: [.path("id", ["type": "integer", "minimum": 1])],
                responses: ["200": .ok("Upload"), "404": .error("no such upload")])
        },
    ]
}
