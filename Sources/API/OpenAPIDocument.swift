import DataDictionary
import Foundation
import JSON

/// The OpenAPI 3.1 document of the API: its paths written from the route table, one row schema
/// per table of the data dictionary (with the dictionary's types and rules), and the schemas of
/// the admin routes' answers.
struct OpenAPIDocument: Encodable {
    /// The title, version and description.
    struct Info: Encodable {
        let title: String
        let version: String
        let description: String
    }

    /// The schemas and security schemes the paths refer to.
    struct Components: Encodable {
        let schemas: [String: JSONValue]
        let securitySchemes: JSONValue
    }

    let openapi = "3.1.0"
    let info: Info
    /// Operations by path, then by lower-case method.
    let paths: [String: [String: OpenAPIOperation]]
    let components: Components

    /// The document of `routes` over the tables of `dictionary`.
    init(dictionary: DataDictionary, routes: [Route]) {
        info = Info(
            title: "Sluice API", version: "1.\(dictionary.version)",
            description: dictionary.description ?? "Ingestion API generated from the data dictionary.")
        var paths: [String: [String: OpenAPIOperation]] = [:]
        for route in routes {
            for (path, operation) in route.documentation(dictionary) {
                paths[path, default: [:]][route.method.rawValue.lowercased()] = Self.secured(
                    operation, route.permission)
            }
        }
        self.paths = paths
        components = Components(
            schemas: Self.schemas(dictionary).merging(Self.adminSchemas()) { first, _ in first }
                .merging(Self.accessSchemas()) { first, _ in first }
                .merging(Self.hostsSchemas()) { first, _ in first },
            securitySchemes: [
                "bearer": ["type": "http", "scheme": "bearer"],
                "apiKeyHeader": ["type": "apiKey", "in": "header", "name": "X-API-Key"],
                "sessionCookie": ["type": "apiKey", "in": "cookie", "name": .string(APIService.sessionCookie)],
            ])
    }

    /// The document as compact JSON.
    var json: [UInt8] { (try? JSON.encode(self)).map(Array.init) ?? [] }

    /// `operation` with the key and session schemes and the refusals of a gated route, when
    /// `permission` is set.
    private static func secured(_ operation: OpenAPIOperation, _ permission: Permission?) -> OpenAPIOperation {
        guard permission != nil else { return operation }
        var operation = operation
        operation.security = [["bearer": []], ["apiKeyHeader": []], ["sessionCookie": []]]
        let denied: [String: OpenAPIOperation.Response] = [
            "401": .error("no key and no session"), "403": .error("forbidden or csrf_failed"),
            "503": .error("database down"),
        ]
        operation.responses.merge(denied) { first, _ in first }
        return operation
    }

    private static func schemas(_ dictionary: DataDictionary) -> [String: JSONValue] {
        var schemas: [String: JSONValue] = [
            "Status": ["type": "object", "properties": ["status": ["type": "string"]]],
            "Error": [
                "type": "object", "required": ["error"],
                "properties": [
                    "error": [
                        "type": "object", "required": ["code", "message"],
                        "properties": [
                            "code": ["type": "string"], "message": ["type": "string"],
                            "details": ["type": "object", "additionalProperties": ["type": "string"]],
                        ],
                    ]
                ],
            ],
            "Violation": [
                "type": "object",
                "properties": [
                    "column": ["type": ["string", "null"]], "rule": ["type": "string"], "message": ["type": "string"],
                ],
            ],
            "IngestResult": [
                "type": "object", "required": ["table", "received", "inserted", "rejected", "items"],
                "properties": [
                    "table": ["type": "string"], "received": ["type": "integer"], "inserted": ["type": "integer"],
                    "rejected": ["type": "integer"],
                    "items": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["index", "status", "errors"],
                            "properties": [
                                "index": ["type": "integer"],
                                "status": ["type": "string", "enum": ["inserted", "rejected"]],
                                "errors": ["type": "array", "items": ["$ref": "#/components/schemas/Violation"]],
                            ],
                        ],
                    ],
                ],
            ],
            "RowInvalid": [
                "type": "object", "required": ["error", "errors"],
                "properties": [
                    "error": ["$ref": "#/components/schemas/Error/properties/error"],
                    "errors": ["type": "array", "items": ["$ref": "#/components/schemas/Violation"]],
                ],
            ],
            "Rejects": ["type": "object", "properties": ["items": ["type": "array", "items": ["type": "object"]]]],
        ]
        for table in dictionary.tables {
            schemas[table.name] = [
                "type": "object", "description": .string(table.description ?? ""), "additionalProperties": false,
                "required": .strings(table.columns.filter(\.required).map(\.name)),
                "x-column-order": .strings(table.columns.map(\.name)), "x-primary-key": .string(table.primaryKey.name),
                "properties": .object(
                    Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, schema(of: $0)) })),
            ]
        }
        return schemas
    }

    private static func schema(of column: ColumnDefinition) -> JSONValue {
        var types: [JSONValue]
        var schema: [String: JSONValue] = [:]
        switch column.type {
        case .integer: types = ["integer", "string"]
        case .number: types = ["number", "string"]
        case .string:
            types = ["string"]
            schema["maxLength"] = .integer(Int64(column.effectiveMaxLength))
        case .boolean: types = ["boolean", "string"]
        case .date:
            types = ["string"]
            schema["format"] = "date"
        case .timestamp:
            types = ["string"]
            schema["format"] = "date-time"
        }
        if !column.required { types.append("null") }
        schema["type"] = types.count == 1 ? types[0] : .array(types)
        if let min = column.min { schema["minimum"] = .number(min) }
        if let max = column.max { schema["maximum"] = .number(max) }
        if let minLength = column.minLength { schema["minLength"] = .integer(Int64(minLength)) }
        if let allowed = column.allowed { schema["enum"] = .strings(allowed) }
        if let pattern = column.pattern { schema["pattern"] = .string("^(?:\(pattern))$") }
        var description = column.description ?? ""
        if let reference = column.references { description += " Must exist in \(reference)." }
        if column.isUnique { description += " Unique." }
        schema["description"] = .string(description.trimmingCharacters(in: .whitespaces))
        return .object(schema)
    }
}
