import Crypto
import Foundation
import MicroHTTPD

/// Receives `POST /api/v1/uploads` as it arrives: the raw body, or the first file part of a
/// `multipart/form-data` body (libmicrohttpd's post processor strips the framing), written to a
/// file in the store's `.incoming` folder while its SHA-256 is computed; never held in memory.
/// On `finish` the file is moved into place and recorded; on `abort` (disconnect, size cap,
/// malformed multipart) it is deleted.
final class UploadSink: HTTPBodySink {
    private let record: (Upload, Bool) -> HTTPResponse
    private let register: (String, String, Int64, String?, String?) throws -> (Upload, duplicate: Bool)
    private let multipart: Bool
    private let path: String
    private let file: FileHandle
    private var hasher = SHA256()
    private var bytes: Int64 = 0
    private var filename: String?
    private var contentType: String?
    private var filePart: String?

    /// A sink for a body of `contentType`; `filename` is the `?filename=` of a raw upload.
    /// `register(file, sha256, bytes, filename, contentType)` records a complete file.
    init(
        store: UploadStore, contentType: String?, filename: String?,
        register: @escaping (String, String, Int64, String?, String?) throws -> (Upload, duplicate: Bool),
        respond: @escaping (Upload, Bool) -> HTTPResponse
    ) throws {
        self.register = register
        self.record = respond
        multipart = contentType?.lowercased().hasPrefix("multipart/form-data") ?? false
        self.contentType = multipart ? nil : contentType.map(Self.printable)
        self.filename = filename.map(Self.sanitized)
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
                filename = part.filename.map(Self.sanitized)
                contentType = part.contentType.map(Self.printable)
            }
            guard filePart == part.name, bytes == 0 || part.offset > 0 else { return }  // one file per upload
        }
        try file.write(contentsOf: chunk)
        hasher.update(data: chunk)
        bytes += Int64(chunk.count)
    }

    func finish() -> HTTPResponse {
        try? file.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        if multipart && filePart == nil {
            return .error(
                status: 400, code: "no_file_part", message: "the multipart body has no file part (name it \"file\")")
        }
        guard bytes > 0 else { return .error(status: 400, code: "empty_upload", message: "the upload is empty") }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        do {
            let (upload, duplicate) = try register(path, digest, bytes, filename, contentType)
            return record(upload, duplicate)
        } catch let error as APIError {
            return HTTPResponse(status: error.status, headers: ["Content-Type": "application/json"], body: error.body)
        } catch {
            return .error(
                status: 503, code: "database_unavailable", message: "the upload could not be recorded; retry later")
        }
    }

    func abort() {
        try? file.close()
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A client's file name kept as metadata: its last path component, printable, at most 255
    /// bytes. It never names a file on the server.
    static func sanitized(_ name: String) -> String {
        printable(name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "")
    }

    /// `text` without control characters, cut to at most 255 bytes, to be kept as metadata.
    static func printable(_ text: String) -> String {
        var result = ""
        for character in text where character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7f }) {
            guard result.utf8.count + character.utf8.count <= 255 else { break }
            result.append(character)
        }
        return result
    }
}
