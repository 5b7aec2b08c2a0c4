import ArgumentParser
import Foundation
import Hosts
import LocalMariaDB
import MariaDB

/// Options every command that touches the database shares: where Sluice keeps its files and which
/// database it uses.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "Sluice's data directory: the managed database, rejects, uploads (default: $SLUICE_DATA_DIR, else .sluice)."
    )
    var dataDir: String?

    @Option(
        name: .long,
        help:
            "The file store for uploads and backups: a directory, local or a shared mount every host mounts (default: $SLUICE_STORE, else the data directory)."
    )
    var store: String?

    @Option(
        name: .long,
        help:
            "An external MariaDB, mariadb://USER[:PASS]@HOST[:PORT]/DB (default: $SLUICE_DATABASE_URL, else the managed local server)."
    )
    var databaseURL: String?

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The data directory in use.
    var dataDirectory: String {
        dataDir ?? environment["SLUICE_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".sluice"
    }

    /// The file store's directory.
    var storeDirectory: String {
        store ?? environment["SLUICE_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? dataDirectory
    }

    /// The store's backup folder, where backups go unless a command names another folder.
    var backupDirectory: String { storeDirectory + "/backups" }

    /// The file store, opened (its `store.id` written the first time).
    func fileStore() throws -> FileStore { try FileStore(root: storeDirectory) }

    /// The external database's URL, if one was named.
    var externalDatabase: DatabaseURL? {
        get throws {
            guard let text = databaseURL ?? environment["SLUICE_DATABASE_URL"].flatMap({ $0.isEmpty ? nil : $0 }) else {
                return nil
            }
            return try DatabaseURL(parsing: text)
        }
    }

    /// The managed server of the data directory.
    var localServer: LocalServer { LocalServer(dataDirectory: dataDirectory) }

    /// The database to use: the external one if named, else the managed server, started if needed.
    func resolveDatabase() throws -> DatabaseURL {
        if let external = try externalDatabase { return external }
        return try localServer.start()
    }
}
