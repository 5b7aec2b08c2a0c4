import JSON

/// One operation of the OpenAPI document (a method on a path), as a route declares it. Security
/// and the refusals every keyed route can answer (401, 403, 503) are added from the route's scope.
struct OpenAPIOperation: Encodable, Sendable {
    var summary: String
    var description: String?
    var parameters: [Parameter]?
    var requestBody: RequestBody?
    var responses: [String: Response]
    var security: [[String: [String]]]?

    /// An operation with `summary`, `parameters`, an optional body and its `responses` by status.
    init(
        _ summary: String, description: String? = nil, parameters: [Parameter] = [], body: RequestBody? = nil,
        responses: [String: Response]
    ) {
        self.summary = summary
        self.description = description
        self.parameters = parameters.isEmpty ? nil : parameters
        self.requestBody = body
        self.responses = responses
    }

    /// A query, path or header parameter.
    struct Parameter: Encodable, Sendable {
        var name: String
        var location: String
        var required: Bool
        var schema: JSONValue

        enum CodingKeys: String, CodingKey {
            case name, required, schema
            case location = "in"
        }

        /// An optional query parameter.
        static func query(_ name: String, _ schema: JSONValue) -> Parameter {
            Parameter(name: name, location: "query", required: false, schema: schema)
        }

        /// A path parameter of the template.
        static func path(_ name: String, _ schema: JSONValue) -> Parameter {
            Parameter(name: name, location: "path", required: true, schema: schema)
        }

        /// An optional header.
        static func header(_ name: String, _ schema: JSONValue) -> Parameter {
            Parameter(name: name, location: "header", required: false, schema: schema)
        }
    }

    /// A request body, by media type.
    struct RequestBody: Encodable, Sendable {
        var required = true
        var content: [String: MediaType]

        /// A required JSON body of `schema`.
        static func json(_ schema: JSONValue) -> RequestBody {
            RequestBody(content: ["application/json": .init(schema)])
        }
    }

    /// The schema of a body of one media type.
    struct MediaType: Encodable, Sendable {
        var schema: JSONValue

        init(_ schema: JSONValue) { self.schema = schema }
    }

    /// A response, with its bodies by media type.
    struct Response: Encodable, Sendable {
        var description: String
        var content: [String: MediaType]?

        /// A response with no documented body.
        static func plain(_ description: String) -> Response { Response(description: description) }

        /// A JSON response of the component schema `name`.
        static func ok(_ name: String) -> Response {
            Response(
                description: "OK",
                content: ["application/json": .init(["$ref": .string("#/components/schemas/\(name)")])])
        }

        /// An error response: `{"error": {"code", "message", "details"}}`.
        static func error(_ description: String) -> Response {
            Response(
                description: description, content: ["application/json": .init(["$ref": "#/components/schemas/Error"])])
        }

        /// A file's bytes, of one of `types`.
        static func binary(_ description: String, _ types: [String]) -> Response {
            Response(
                description: description,
                content: Dictionary(
                    uniqueKeysWithValues: types.map { ($0, MediaType(["type": "string", "format": "binary"])) }))
        }

        /// A text response of one of `types`.
        static func text(_ description: String, _ types: [String]) -> Response {
            Response(
                description: description,
                content: Dictionary(uniqueKeysWithValues: types.map { ($0, MediaType(["type": "string"])) }))
        }
    }
}
