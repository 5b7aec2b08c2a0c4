import Errors
import Foundation
public import Hosts
import Loading
public import MariaDB

/// One uploaded file, as `sluice_uploads` records it.
public struct Upload: Sendable, Codable, Equatable {
    /// Its id.
    public var id: Int64
    /// SHA-256 of its bytes, hex.
    public var sha256: String
    /// Its size.
    public var bytes: Int64
    /// The name the client gave it (metadata only, never a path on the server).
    public var filename: String?
    /// The type the client declared.
    public var contentType: String?
    /// When it was first uploaded (UTC, ISO 8601).
    public var createdAt: String
    /// The host that received it, which holds its file (nil: uploaded before stores were recorded).
    public var host: String?
    /// The id of the file store holding its file (nil: uploaded before stores were recorded).
    public var store: String?
}

/// Uploaded files: stored in the file store's `uploads/` folder by content hash (`<sha256>.csv`, a
/// name the server chooses), recorded in `sluice_uploads` with the store and the host that received
/// them, so the same bytes uploaded twice are one upload and runs name it by id, not by path.
/// Files arrive in `uploads/.incoming` and are renamed into place only once complete.
public struct UploadStore: Sendable {
    /// The folder uploads are kept in.
    public let directory: String
    /// The file store it is in.
    public let fileStore: FileStore
    /// This host's name, recorded with each upload it receives.
    public let host: String
    private let registerSQL: String

    /// The uploads of `fileStore`, received by `host`; creates the folder and empties `.incoming`
    /// (uploads cut short by a stop).
    public init(fileStore: FileStore, host: String = HostIdentity.current.hostName) throws {
        self.fileStore = fileStore
        self.host = host
        directory = fileStore.uploadDirectory
        registerSQL = try SQLDirectory.locate().read("upload_register.sql")
        try? FileManager.default.removeItem(atPath: incoming)
        try FileManager.default.createDirectory(atPath: incoming, withIntermediateDirectories: true)
    }

    /// Where partial uploads are written.
    var incoming: String { directory + "/.incoming" }

    /// Moves a complete file into place and records it; returns the upload and whether the same
    /// bytes had been uploaded before (then the existing upload is returned, now held by this store
    /// and host, which have its file).
    func register(
        _ file: String, sha256: String, bytes: Int64, filename: String?, contentType: String?, keyID: String?,
        on connection: Connection
    ) throws -> (Upload, duplicate: Bool) {
        guard rename(file, directory + "/" + sha256 + ".csv") == 0 else {
            throw APIError("upload_not_stored", status: 507, "the upload could not be stored (errno \(errno))")
        }
        let changed = try connection.execute(
            registerSQL,
            [
                .string(sha256), .int(bytes), filename.map(Value.string) ?? .null,
                contentType.map(Value.string) ?? .null,
                .string(sha256 + ".csv"), keyID.map(Value.string) ?? .null, .string(fileStore.id), .string(host),
            ])
        guard let upload = try find(sha256: sha256, on: connection) else {
            throw APIError("upload_not_stored", status: 503, "the upload was stored but not recorded; retry")
        }
        return (upload, changed != 1)
    }

    /// The newest uploads first.
    public func list(limit: Int, offset: Int, on connection: Connection) throws -> [Upload] {
        try connection.query(
            "\(Self.select) ORDER BY id DESC LIMIT ? OFFSET ?", [.int(Int64(limit)), .int(Int64(offset))]
        )
        .map(Self.upload)
    }

    /// The upload with `id`.
    public func find(id: Int64, on connection: Connection) throws -> Upload? {
        try connection.query("\(Self.select) WHERE id = ?", [.int(id)]).first.map(Self.upload)
    }

    private func find(sha256: String, on connection: Connection) throws -> Upload? {
        try connection.query("\(Self.select) WHERE sha256 = ?", [.string(sha256)]).first.map(Self.upload)
    }

    private static let select = """
        SELECT id, sha256, bytes, filename, content_type, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.%fZ'), host_name,
          store_id FROM sluice_uploads
        """

    private static func upload(_ row: [Value]) -> Upload {
        Upload(
            id: row[0].int ?? 0, sha256: row[1].description, bytes: row[2].int ?? 0,
            filename: row[3] == .null ? nil : row[3].description,
            contentType: row[4] == .null ? nil : row[4].description,
            createdAt: row[5].description, host: row[6].text, store: row[7].text)
    }
}
