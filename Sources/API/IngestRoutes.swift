import JSON
import DataDictionary
import MariaDB

extension Route {
    /// The ingest routes: batches of rows in (ingest), rejected rows out (read; see ``RejectsEndpoint``).
    static let ingest: [Route] = [
        Route(
            .post, "/api/v1/tables/{table}/rows", scope: .ingest,
            .buffered { api, call in
                try IngestEndpoint(dictionary: api.dictionary, metrics: api.metrics).handle(call, pool: api.pool)
            },
            documentation: { dictionary in
                Dictionary(uniqueKeysWithValues: dictionary.tables.map { ("/api/v1/tables/\($0.name)/rows", rows($0)) })
            }),
        Route(
            .get, "/api/v1/rejects", scope: .read,
            .buffered { api, call in try api.pool.withConnection { try RejectsEndpoint().handle(call, on: $0) } }
        ) { dictionary in
            OpenAPIOperation(
                "Rejected rows, newest first: every reject for a caller who may view runs, else the key's own batches' rejects",
                parameters: [
                    .query("table", ["type": "string", "enum": .strings(dictionary.tables.map(\.name))]),
                    .query("load", ["type": "integer", "minimum": 1]),
                    .query("since", ["type": "string", "format": "date-time"]),
                    .query("limit", ["type": "integer", "minimum": 1, "maximum": 1000]),
                ],
                responses: ["200": .ok("Rejects"), "400": .error("bad parameter")])
        },
    ]

    /// The ingest operation of one table, documented at that table's own path with its row schema.
    private static func rows(_ table: TableDefinition) -> OpenAPIOperation {
        OpenAPIOperation(
            "Insert 1 to 1000 rows into \(table.name)", description: table.description ?? "",
            parameters: [
                .query("mode", ["type": "string", "enum": ["partial", "atomic"]]),
                .query("dry_run", ["type": "boolean"]),
                .query("header", ["type": "boolean"]),
                .header("Idempotency-Key", ["type": "string", "maxLength": 200]),
            ],
            body: OpenAPIOperation.RequestBody(content: [
                "application/json": .init([
                    "type": "array", "minItems": 1, "maxItems": 1000,
                    "items": ["$ref": .string("#/components/schemas/\(table.name)")],
                ]),
                "text/csv": .init(["type": "string"]),
            ]),
            responses: [
                "200": .ok("IngestResult"), "422": .ok("IngestResult"),
                "400": .error("malformed body, empty batch, unknown column, bad parameter"),
                "404": .error("unknown table"), "409": .error("idempotency conflict"),
                "413": .error("too many rows or too large a body"), "415": .error("unsupported media type"),
            ])
    }
}
