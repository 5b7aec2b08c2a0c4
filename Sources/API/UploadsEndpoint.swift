import Errors
import Foundation
import MariaDB
import MicroHTTPD

/// The upload routes (admin scope): `POST /api/v1/uploads` streams a file in (raw body with
/// `?filename=`, or `multipart/form-data` with a `file` part) and answers 201 with the upload, or
/// 200 with `"duplicate": true` when the same bytes were uploaded before; `GET /api/v1/uploads`
/// lists uploads newest first (`limit`, `offset`); `GET /api/v1/uploads/{id}` shows one.
struct UploadsEndpoint {
    let store: UploadStore

    /// An upload and whether it was already there.
    struct Receipt: Encodable {
        let upload: Upload
        let duplicate: Bool

        func encode(to encoder: any Encoder) throws {
            try upload.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(duplicate, forKey: .duplicate)
        }

        enum Key: String, CodingKey { case duplicate }
    }

    /// `GET /api/v1/uploads?limit=&offset=`: uploads, newest first.
    func list(_ call: RouteCall, pool: ConnectionPool) throws -> APIResponse {
        let limit = try Self.number(call.request.query["limit"], name: "limit", default: 50, range: 1...1000)
        let offset = try Self.number(call.request.query["offset"], name: "offset", default: 0, range: 0...Int.max)
        return try .encoded(["items": try pool.withConnection { try store.list(limit: limit, offset: offset, on: $0) }])
    }

    /// `GET /api/v1/uploads/{id}`.
    func show(_ call: RouteCall, pool: ConnectionPool) throws -> APIResponse {
        try .encoded(try find(call["id"], pool: pool))
    }

    /// `POST /api/v1/uploads`: a sink that streams the body to the store and answers through `respond`.
    func sink(
        _ call: RouteCall, pool: ConnectionPool, respond: @escaping (() throws -> APIResponse) -> HTTPResponse
    ) throws -> UploadSink {
        try UploadSink(
            store: store, pool: pool, keyID: try call.requireCaller().id,
            contentType: call.request.headers["content-type"],
            filename: call.request.query["filename"], respond: respond)
    }

    /// The upload named by `text`, or 404 `upload_not_found`.
    func find(_ text: String, pool: ConnectionPool) throws -> Upload {
        guard let id = Int64(text), id > 0, let upload = try pool.withConnection({ try store.find(id: id, on: $0) })
        else {
            throw APIError("upload_not_found", status: 404, "no upload has the id '\(text)'")
        }
        return upload
    }

    private static func number(_ text: String?, name: String, default value: Int, range: ClosedRange<Int>) throws -> Int
    {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError("invalid_parameter", status: 400, "\(name) must be a whole number in \(range)")
        }
        return number
    }
}

/// Answers a streamed request whose sink could not be made (bad parameters, no room to store):
/// the body is discarded and the refusal sent. Keys are refused earlier, from the request's head.
final class RefusingSink: HTTPBodySink {
    private let response: HTTPResponse

    init(_ response: HTTPResponse) { self.response = response }

    func write(_ chunk: [UInt8], part: HTTPFormPart?) throws { throw APIError("refused", status: 400, "refused") }
    func finish() -> HTTPResponse { response }
    func abort() {}
    func failureResponse(for error: any Error) -> HTTPResponse { response }
}
