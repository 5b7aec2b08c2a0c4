import DataDictionary
import Foundation
import JSON

extension Route {
    /// The rows routes: read any dictionary table's rows (read scope), correct and delete them
    /// (ingest scope). Each is documented at every table's own path.
    static let rows: [Route] = [
        Route(
            .get, "/api/v1/tables/{table}/rows", scope: .read, .buffered { try endpoint($0).list($1) },
            documentation: perTable("/api/v1/tables/{table}/rows", listRows)),
        Route(
            .get, "/api/v1/tables/{table}/rows/{id}", scope: .read, .buffered { try endpoint($0).get($1) },
            documentation: perTable("/api/v1/tables/{table}/rows/{id}") { table in
                OpenAPIOperation(
                    "One row of \(table.name), with its ETag", parameters: [rowID(table)],
                    responses: ["200": .ok(table.name), "404": .error("row_not_found or unknown table")])
            }),
        Route(
            .patch, "/api/v1/tables/{table}/rows/{id}", scope: .ingest,
            .buffered { try endpoint($0).update($1, replacing: false) },
            documentation: perTable("/api/v1/tables/{table}/rows/{id}") { table in
                change(table, "Change some columns of a row of \(table.name)", required: false)
            }),
        Route(
            .put, "/api/v1/tables/{table}/rows/{id}", scope: .ingest,
            .buffered { try endpoint($0).update($1, replacing: true) },
            documentation: perTable("/api/v1/tables/{table}/rows/{id}") { table in
                change(table, "Replace a row of \(table.name)", required: true)
            }),
        Route(
            .delete, "/api/v1/tables/{table}/rows/{id}", scope: .ingest, .buffered { try endpoint($0).delete($1) },
            documentation: perTable("/api/v1/tables/{table}/rows/{id}") { table in
                OpenAPIOperation(
                    "Delete a row of \(table.name), unless other rows point to it",
                    parameters: [rowID(table), ifMatch],
                    responses: [
                        "204": .plain("Deleted"), "404": .error("row_not_found"),
                        "409": .error("row_referenced: details name the referencing table and count"),
                        "412": .error("precondition_failed: the row changed since it was read"),
                    ])
            }),
    ]

    private static func endpoint(_ api: APIService) -> RowsEndpoint {
        RowsEndpoint(dictionary: api.dictionary, pool: api.pool, logger: api.logger)
    }

    /// Documentation at `template` with `{table}` written out for each table of the dictionary.
    private static func perTable(
        _ template: String, _ operation: @escaping @Sendable (TableDefinition) -> OpenAPIOperation
    ) -> @Sendable (DataDictionary) -> [String: OpenAPIOperation] {
        { dictionary in
            Dictionary(
                uniqueKeysWithValues: dictionary.tables.map {
                    (template.replacingOccurrences(of: "{table}", with: $0.name), operation($0))
                })
        }
    }

    private static func listRows(_ table: TableDefinition) -> OpenAPIOperation {
        let sortable = table.columns.filter { $0.required && ($0.isUnique || $0.index) }.map(\.name)
        var filters: [OpenAPIOperation.Parameter] = []
        for column in table.columns {
            let schema: JSONValue = ["type": .string(column.type == .integer ? "integer" : "string")]
            filters.append(.query(column.name, schema))
            filters.append(.query("\(column.name)_from", schema))
            filters.append(.query("\(column.name)_to", schema))
        }
        return OpenAPIOperation(
            "Rows of \(table.name), a page at a time (keyset paging)",
            description: "Filter by equality (`column=value`) or range (`column_from` inclusive, `column_to` "
                + "exclusive); the next page is `after=` the answer's `next_after`.",
            parameters: [
                .query("limit", ["type": "integer", "minimum": 1, "maximum": 1000]),
                .query("after", ["type": "string", "description": "the primary key of the previous page's last row"]),
                .query("sort", ["type": "string", "enum": .strings(sortable + sortable.map { "-" + $0 })]),
            ] + filters,
            responses: [
                "200": OpenAPIOperation.Response(
                    description: "A page of rows",
                    content: [
                        "application/json": .init([
                            "type": "object", "required": ["table", "items", "next_after"],
                            "properties": [
                                "table": ["type": "string"],
                                "items": [
                                    "type": "array", "items": ["$ref": .string("#/components/schemas/\(table.name)")],
                                ],
                                "next_after": ["type": ["string", "null"]],
                            ],
                        ])
                    ]),
                "400": .error("invalid_parameter"), "404": .error("unknown table"),
            ])
    }

    private static func change(_ table: TableDefinition, _ summary: String, required: Bool) -> OpenAPIOperation {
        var schema: JSONValue = ["$ref": .string("#/components/schemas/\(table.name)")]
        if !required { schema = ["type": "object", "description": "some columns of the row, as in ingest"] }
        return OpenAPIOperation(
            summary, parameters: [rowID(table), ifMatch], body: .json(schema),
            responses: [
                "200": .ok(table.name), "400": .error("malformed JSON"), "404": .error("row_not_found"),
                "412": .error("precondition_failed: the row changed since it was read"),
                "422": .ok("RowInvalid"),
            ])
    }

    private static func rowID(_ table: TableDefinition) -> OpenAPIOperation.Parameter {
        .path("id", ["type": .string(table.primaryKey.type == .integer ? "integer" : "string")])
    }

    private static let ifMatch = OpenAPIOperation.Parameter.header("If-Match", ["type": "string"])
}
