public import Errors
import JSON

/// The codes of the HTTP API's refusals. A module's error keeps its own code when it becomes an
/// ``APIError`` (see ``APIError/init(mapping:)``), so a code here is one of the API's own.
public enum APIErrorDomain: ErrorDomain {}

/// A request-level error of the HTTP API: `{"error": {"code", "message", "details"}}` with a
/// stable code and the HTTP status that goes with it.
public struct APIError: CodedFailure, Equatable {
    /// A stable machine-readable code, e.g. `not_found`.
    public typealias Code = ErrorCode<APIErrorDomain>

    /// The stable machine-readable code.
    public var code: Code
    /// The HTTP status.
    public var status: Int
    /// What is wrong, for a person.
    public var message: String
    /// Extra facts (a limit, the allowed values), as strings.
    public var details: [String: String]

    /// Creates an error.
    public init(_ code: Code, status: Int, _ message: String, details: [String: String] = [:]) {
        self.code = code
        self.status = status
        self.message = message
        self.details = details
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }

    /// The JSON body.
    public var body: [UInt8] {
        (try? JSON.encode(Body(error: fields))).map(Array.init) ?? []
    }

    /// The `error` member of ``body``.
    var fields: Body.Fields { Body.Fields(code: code.rawValue, message: message, details: details) }

    /// The shape of ``body``; `fields` is also the `error` of answers that carry more (a 422 row change).
    struct Body: Encodable {
        struct Fields: Encodable {
            let code: String
            let message: String
            let details: [String: String]
        }

        let error: Fields
    }

    static func malformedJSON(_ why: String) -> APIError { APIError(.malformedJSON, status: 400, why) }
    static func unsupportedMediaType(_ type: String) -> APIError {
        APIError(
            "unsupported_media_type", status: 415, "send application/json or text/csv, not '\(type)'",
            details: ["accepted": "application/json, text/csv"])
    }
    static let notFound = APIError("not_found", status: 404, "no such resource")
    static let batchEmpty = APIError("batch_empty", status: 400, "the batch has no rows; send 1 to 1000")
    /// Refused as soon as row 1,001 starts, so the rows past it are never counted.
    static let batchTooLarge = APIError(
        "batch_too_large", status: 413, "the batch has more than 1000 rows; at most 1000 are accepted",
        details: ["max_rows": "1000"])
}

extension ErrorCode where Domain == APIErrorDomain {
    /// The body is not the JSON the route takes.
    @inlinable
    public static var malformedJSON: Self { "malformed_json" }
    /// The database does not answer; retry later (503).
    @inlinable
    public static var databaseUnavailable: Self { "database_unavailable" }
    /// The request failed in a way no code describes; the server logged it (503, never 500).
    @inlinable
    public static var internalError: Self { "internal_error" }
}
