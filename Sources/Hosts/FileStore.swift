import Errors
import Foundation

/// Where uploads and backups are kept: a directory (`--store`, default the data directory), local or
/// a shared mount, holding `uploads/` and `backups/`.
///
/// A store is known by the random id in its `store.id` file, written once when the store is first
/// used: hosts that mount the same shared directory read the same id, so they know they share it,
/// while two local directories that happen to have the same path on two hosts get two ids.
/// The database records the id beside every upload, backup and run that needs one of its files.
public struct FileStore: Sendable, Equatable {
    /// The name of the file at the root that holds the id.
    public static let idFile = "store.id"

    /// The store's root directory (absolute).
    public let root: String
    /// The store's id (32 hex digits).
    public let id: String

    /// Opens the store at `root` (made absolute, created if missing), writing its id file the first
    /// time. Throws `StoreError` `store_unwritable` or `store_id_corrupt`.
    public init(root: String) throws {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
        do {
            try FileManager.default.createDirectory(atPath: self.root, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.storeUnwritable, "cannot create the store directory \(self.root): \(error)")
        }
        id = try Self.readOrCreateID(at: self.root + "/" + Self.idFile)
    }

    /// The folder uploads are kept in.
    public var uploadDirectory: String { root + "/uploads" }
    /// The folder backups are kept in.
    public var backupDirectory: String { root + "/backups" }

    /// The id in `path`, or a new random one written there. The id is written whole under a name of
    /// its own and then linked to `path`, which fails when `path` exists: a host never reads a
    /// half-written id, and of two hosts starting on one new shared store at once, the one that loses
    /// reads the winner's id.
    private static func readOrCreateID(at path: String) throws -> String {
        if let id = try readID(at: path) { return id }
        let id = (0..<4).map { _ in String(format: "%08x", UInt32.random(in: 0...UInt32.max)) }.joined()
        let staged = path + "." + id
        defer { unlink(staged) }
        let descriptor = open(staged, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw unwritable(path) }
        let written = Array((id + "\n").utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == id.utf8.count + 1, synced == 0 else { throw unwritable(path) }
        if link(staged, path) == 0 { return id }
        guard errno == EEXIST, let existing = try readID(at: path) else { throw unwritable(path) }
        return existing
    }

    /// The error of an id file that cannot be written, with the system's reason.
    private static func unwritable(_ path: String) -> StoreError {
        StoreError(.storeUnwritable, "cannot write the store id file \(path): \(String(cString: strerror(errno)))")
    }

    /// The id in `path`; nil when there is no such file; throws when it holds something else.
    private static func readID(at path: String) throws -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 64, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw StoreError(
                .storeIDCorrupt, "\(path) holds no store id (the 32 hex digits written when the store was first used)")
        }
        return text
    }
}
