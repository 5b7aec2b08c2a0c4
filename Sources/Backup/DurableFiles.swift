import Errors
import Foundation

/// What makes a backup's folder survive a crash once it is reported done. Each Avro file is synced as it is
/// closed (``AvroFileWriter/close()``); then the manifest is written and synced here, the `.partial` folder synced
/// (the names of the files in it), renamed into place, and its parent synced (the rename). That is one `fsync` per
/// file and two per backup, none of them redundant: without the folder's, the files' names may be lost; without
/// the parent's, the rename may be.
enum DurableFiles {
    /// Creates (or truncates) the file at `path` with `data` and syncs it to disk.
    static func write(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("create", path) }
        defer { close(descriptor) }
        var written = 0
        while written < data.count {
            let count = data.withUnsafeBytes {
                Foundation.write(descriptor, $0.baseAddress! + written, $0.count - written)
            }
            guard count > 0 else { throw failure("write", path) }
            written += count
        }
        guard fsync(descriptor) == 0 else { throw failure("sync", path) }
    }

    /// Syncs the folder at `path`: the names created, removed or renamed in it.
    static func syncDirectory(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("open", path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("sync", path) }
    }

    /// The error for a failed step, with the system's reason (a full disk, a file-size limit).
    private static func failure(_ step: String, _ path: String) -> BackupError {
        BackupError(.writeFailed, "cannot \(step) \(path): \(String(cString: strerror(errno)))")
    }
}
