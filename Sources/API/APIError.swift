import Foundation
import JSON

/// A request-level error of the HTTP API: `{"error": {"code", "message", "details"}}` with a
/// stable code and the HTTP status that goes with it.
public struct APIError: Error, Sendable {
    /// The stable machine-readable code.
    public var code: String
    /// The HTTP status.
    public var status: Int
    /// What is wrong, for a person.
    public var message: String
    /// Extra facts (a limit, the allowed values), as strings.
    public var details: [String: String]

    /// Creates an error.
    public init(_ code: String, status: Int, _ message: String, details: [String: String] = [:]) {
        self.code = code
        self.status = status
        self.message = message
        self.details = details
    }

    /// The JSON body.
    public var body: [UInt8] {
        (try? JSON.encode(Body(error: Body.Fields(code: code, message: message, details: details)))).map(Array.init)
            ?? []
    }

    /// The shape of ``body``.
    private struct Body: Encodable {
        struct Fields: Encodable {
            let code: String
            let message: String
            let details: [String: String]
        }

        let error: Fields
    }

    static func malformedJSON(_ why: String) -> APIError { APIError("malformed_json", status: 400, why) }
    static func unsupportedMediaType(_ type: String) -> APIError {
        APIError(
            "unsupported_media_type", status: 415, "send application/json or text/csv, not '\(type)'",
            details: ["accepted": "application/json, text/csv"])
    }
    static let batchEmpty = APIError("batch_empty", status: 400, "the batch has no rows; send 1 to 1000")
    static func batchTooLarge(_ count: Int) -> APIError {
        APIError(
            "batch_too_large", status: 413, "the batch has \(count) rows; at most 1000 are accepted",
            details: ["max_rows": "1000"])
    }
}
