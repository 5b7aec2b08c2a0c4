import DataDictionary
import Foundation

/// The OpenAPI 3.1 document of the API, generated from the data dictionary: one row schema per
/// table, with the dictionary's types and rules, and every route with its error responses.
struct OpenAPIDocument {
    let dictionary: DataDictionary

    var json: [UInt8] {
        let object: [String: Any] = [
            "openapi": "3.1.0",
            "info": [
                "title": "Sluice API", "version": "1.\(dictionary.version)",
                "description": dictionary.description ?? "Ingestion API generated from the data dictionary.",
            ],
            "paths": paths(),
            "components": [
                "schemas": schemas(),
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer"],
                    "apiKeyHeader": ["type": "apiKey", "in": "header", "name": "X-API-Key"],
                ],
            ],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Array(data)
    }

    private func paths() -> [String: Any] {
        var paths: [String: Any] = [
            "/health/live": ["get": plain("Liveness", ["200": ok("#/components/schemas/Status")])],
            "/health/ready": ["get": plain("Readiness: the database answers", ["200": ok("#/components/schemas/Status"), "503": error("database down")])],
            "/api/v1/rejects": [
                "get": secured([
                    "summary": "Rejected rows, newest first",
                    "parameters": [
                        query("table", ["type": "string", "enum": dictionary.tables.map(\.name)]),
                        query("load", ["type": "integer", "minimum": 1]),
                        query("since", ["type": "string", "format": "date-time"]),
                        query("limit", ["type": "integer", "minimum": 1, "maximum": 1000]),
                    ],
                    "responses": ["200": ok("#/components/schemas/Rejects"), "400": error("bad parameter"), "401": error("no key"), "403": error("wrong scope"), "503": error("database down")],
                ]),
            ],
        ]
        for table in dictionary.tables {
            paths["/api/v1/tables/\(table.name)/rows"] = ["post": secured(ingest(table))]
        }
        return paths.merging(adminPaths()) { first, _ in first }
    }

    private func ingest(_ table: TableDefinition) -> [String: Any] {
        [
            "summary": "Insert 1 to 1000 rows into \(table.name)",
            "description": table.description ?? "",
            "parameters": [
                query("mode", ["type": "string", "enum": ["partial", "atomic"]]),
                query("dry_run", ["type": "boolean"]),
                query("header", ["type": "boolean"]),
                ["name": "Idempotency-Key", "in": "header", "required": false, "schema": ["type": "string", "maxLength": 200]],
            ],
            "requestBody": [
                "required": true,
                "content": [
                    "application/json": ["schema": ["type": "array", "minItems": 1, "maxItems": 1000, "items": ["$ref": "#/components/schemas/\(table.name)"]]],
                    "text/csv": ["schema": ["type": "string"]],
                ],
            ],
            "responses": [
                "200": ok("#/components/schemas/IngestResult"), "422": ok("#/components/schemas/IngestResult"),
                "400": error("malformed body, empty batch, unknown column, bad parameter"), "401": error("no key"),
                "403": error("wrong scope"), "404": error("unknown table"), "409": error("idempotency conflict"),
                "413": error("too many rows or too large a body"), "415": error("unsupported media type"),
                "503": error("database down"),
            ],
        ]
    }

    private func schemas() -> [String: Any] {
        var schemas: [String: Any] = [
            "Status": ["type": "object", "properties": ["status": ["type": "string"]]],
            "Error": [
                "type": "object", "required": ["error"],
                "properties": ["error": ["type": "object", "required": ["code", "message"], "properties": [
                    "code": ["type": "string"], "message": ["type": "string"],
                    "details": ["type": "object", "additionalProperties": ["type": "string"]],
                ]]],
            ],
            "Violation": ["type": "object", "properties": [
                "column": ["type": ["string", "null"]], "rule": ["type": "string"], "message": ["type": "string"],
            ]],
            "IngestResult": ["type": "object", "required": ["table", "received", "inserted", "rejected", "items"], "properties": [
                "table": ["type": "string"], "received": ["type": "integer"], "inserted": ["type": "integer"],
                "rejected": ["type": "integer"],
                "items": ["type": "array", "items": ["type": "object", "required": ["index", "status", "errors"], "properties": [
                    "index": ["type": "integer"], "status": ["type": "string", "enum": ["inserted", "rejected"]],
                    "errors": ["type": "array", "items": ["$ref": "#/components/schemas/Violation"]],
                ]]],
            ]],
            "Rejects": ["type": "object", "properties": ["items": ["type": "array", "items": ["type": "object"]]]],
        ]
        for table in dictionary.tables {
            var properties: [String: Any] = [:]
            for column in table.columns { properties[column.name] = schema(of: column) }
            schemas[table.name] = [
                "type": "object", "description": table.description ?? "", "additionalProperties": false,
                "required": table.columns.filter(\.required).map(\.name), "properties": properties,
            ]
        }
        return schemas.merging(adminSchemas()) { first, _ in first }
    }

    private func schema(of column: ColumnDefinition) -> [String: Any] {
        var schema: [String: Any]
        switch column.type {
        case .integer: schema = ["type": ["integer", "string"]]
        case .number: schema = ["type": ["number", "string"]]
        case .string: schema = ["type": "string", "maxLength": column.effectiveMaxLength]
        case .boolean: schema = ["type": ["boolean", "string"]]
        case .date: schema = ["type": "string", "format": "date"]
        case .timestamp: schema = ["type": "string", "format": "date-time"]
        }
        if !column.required, var types = schema["type"] as? [String] {
            types.append("null")
            schema["type"] = types
        } else if !column.required, let type = schema["type"] as? String {
            schema["type"] = [type, "null"]
        }
        if let min = column.min { schema["minimum"] = min }
        if let max = column.max { schema["maximum"] = max }
        if let minLength = column.minLength { schema["minLength"] = minLength }
        if let allowed = column.allowed { schema["enum"] = allowed }
        if let pattern = column.pattern { schema["pattern"] = "^(?:\(pattern))$" }
        var description = column.description ?? ""
        if let reference = column.references { description += " Must exist in \(reference)." }
        if column.isUnique { description += " Unique." }
        schema["description"] = description.trimmingCharacters(in: .whitespaces)
        return schema
    }

    private func plain(_ summary: String, _ responses: [String: Any]) -> [String: Any] {
        ["summary": summary, "responses": responses]
    }

    func secured(_ operation: [String: Any]) -> [String: Any] {
        var operation = operation
        operation["security"] = [["bearer": []], ["apiKeyHeader": []]]
        return operation
    }

    func query(_ name: String, _ schema: [String: Any]) -> [String: Any] {
        ["name": name, "in": "query", "required": false, "schema": schema]
    }

    func ok(_ reference: String) -> [String: Any] {
        ["description": "OK", "content": ["application/json": ["schema": ["$ref": reference]]]]
    }

    func error(_ description: String) -> [String: Any] {
        ["description": description, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
    }
}
