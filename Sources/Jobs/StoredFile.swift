import MariaDB

/// A file of a file store that a run reads, named by id (never by path): the worker finds it in
/// its own store, and only a scheduler that has the store holding it claims the run.
public enum StoredFile: Sendable, Equatable {
    /// An upload (`sluice_uploads`).
    case upload(Int64)
    /// A backup (`sluice_backups`).
    case backup(String)
}

extension JobStore {
    /// The id of the store holding `file`, as the database registers it (nil: no file, or one
    /// not registered with a store, which any scheduler may then try).
    func storeID(of file: StoredFile?) throws -> String? {
        switch file {
        case nil: return nil
        case .upload(let id):
            return try connection.query("SELECT store_id FROM sluice_uploads WHERE id = ?", [.int(id)]).first?[0].text
        case .backup(let id):
            return try connection.query(
                "SELECT store_id FROM sluice_backups WHERE id = ? ORDER BY created_at LIMIT 1", [.string(id)]
            ).first?[0].text
        }
    }
}
