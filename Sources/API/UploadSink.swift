import Crypto
import Errors
import Foundation
import MariaDB
import MicroHTTPD

/// Receives `POST /api/v1/uploads` as it arrives: the raw body, or the one file part of a
/// `multipart/form-data` body (libmicrohttpd's post processor strips the framing; a second file
/// part is refused with 400 `multiple_files`), written to a file in the store's `.incoming`
/// folder while its SHA-256 is computed; never held in memory.
/// On `finish` the file is moved into place and recorded; on `abort` (disconnect, size cap,
/// malformed multipart) it is deleted.
final class UploadSink: HTTPBodySink {
    private let store: UploadStore
    private let pool: ConnectionPool
    private let keyID: String
    private let respond: (() throws -> APIResponse) -> HTTPResponse
    private let multipart: Bool
    private let path: String
    private let file: FileHandle
    private var hasher = SHA256()
    private var bytes: Int64 = 0
    private var filename: String?
    private var contentType: String?
    private var filePart: String?

    /// A sink for a body of `contentType` sent with the key `keyID`; `filename` is the
    /// `?filename=` of a raw upload. `respond` turns the answer (or what it throws) into the response.
    init(
        store: UploadStore, pool: ConnectionPool, keyID: String, contentType: String?, filename: String?,
        respond: @escaping (() throws -> APIResponse) -> HTTPResponse
    ) throws {
        self.store = store
        self.pool = pool
        self.keyID = keyID
        self.respond = respond
        multipart = contentType?.lowercased().hasPrefix("multipart/form-data") ?? false
        self.contentType = multipart ? nil : contentType.map(UploadMetadata.printable)
        self.filename = filename.map(UploadMetadata.fileName)
        path = store.incoming + "/" + UUID().uuidString
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw APIError("upload_not_stored", status: 507, "the upload could not be stored")
        }
        file = handle
    }

    func write(_ chunk: [UInt8], part: HTTPFormPart?) throws {
        if let part {
            guard part.filename != nil || part.name == "file" else { return }  // other form fields
            if filePart == nil {
                filePart = part.name
                filename = part.filename.map(UploadMetadata.fileName)
                contentType = part.contentType.map(UploadMetadata.printable)
            } else if part.offset == 0 && bytes > 0 {
                throw APIError("multiple_files", status: 400, "send one file part per upload")
            }
        }
        do {
            try file.write(contentsOf: chunk)
        } catch {
            // A full disk or a file-size limit: the server's trouble, not the client's body.
            let reason = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.localizedDescription
            throw APIError(
                "upload_not_stored", status: 507, "the upload could not be stored: \(reason ?? "\(error)")")
        }
        hasher.update(data: chunk)
        bytes += Int64(chunk.count)
    }

    /// The refusal of a write that threw, with its own code (e.g. 400 `multiple_files`).
    func failureResponse(for error: any Error) -> HTTPResponse {
        respond { throw error }
    }

    func finish() -> HTTPResponse {
        try? file.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        return respond { [self] in
            if multipart && filePart == nil {
                throw APIError("no_file_part", status: 400, "the multipart body has no file part (name it \"file\")")
            }
            guard bytes > 0 else { throw APIError("empty_upload", status: 400, "the upload is empty") }
            let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
            let (upload, duplicate) = try pool.withConnection {
                try store.register(
                    path, sha256: digest, bytes: bytes, filename: filename, contentType: contentType, keyID: keyID,
                    on: $0)
            }
            return try .encoded(
                UploadsEndpoint.Receipt(upload: upload, duplicate: duplicate), status: duplicate ? 200 : 201)
        }
    }

    func abort() {
        try? file.close()
        try? FileManager.default.removeItem(atPath: path)
    }
}
