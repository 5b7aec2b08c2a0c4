import Avro
import Backup
import DataDictionary
import Errors
import Foundation
import MariaDB

/// Finds the Avro file a restore reads: in a backup folder through its manifest (whose entry the
/// restore is checked against), or a lone file, from Sluice or any other Avro writer.
enum RestoreSource {
    /// The file for `table` in `source`, with its manifest entry when `source` is a backup folder.
    static func locate(table: TableDefinition, source: String) throws -> (String, BackupManifest.TableEntry?) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) else {
            throw RestoreError(.backupNotFound, "no backup folder or Avro file at \(source)")
        }
        guard isFolder.boolValue else { return (source, nil) }
        guard let data = FileManager.default.contents(atPath: source + "/manifest.json"),
            let manifest = try? JSONDecoder().decode(BackupManifest.self, from: data)
        else { throw RestoreError(.manifestUnreadable, "\(source)/manifest.json is missing or invalid") }
        guard let entry = manifest.tables.first(where: { $0.table == table.name }) else {
            throw RestoreError(.tableNotInBackup, "backup \(manifest.id) has no \(table.name)")
        }
        return (source + "/" + entry.file, entry)
    }

    /// Opens `file`, turning Avro's errors (`file_unreadable`, `file_corrupt`, `schema_mismatch`) into
    /// the restore's.
    static func open(_ file: String, readerSchema: AvroSchema?) throws -> AvroFileReader {
        do {
            return try AvroFileReader(path: file, readerSchema: readerSchema)
        } catch {
            throw RestoreError(error)
        }
    }
}

/// One restore of a table at a time per database: a named server lock, released when the restore
/// ends or its connection does (a killed restore holds nothing).
enum RestoreLock {
    static func acquire(_ table: TableDefinition, on connection: Connection) throws {
        let got = try connection.query(
            "SELECT GET_LOCK(CONCAT('sluice.restore.', DATABASE(), '.', ?), 0)", [.string(table.name)])
        guard got.first?.first == .int(1) else {
            throw RestoreError(.restoreInProgress, "another restore of \(table.name) is running")
        }
    }

    static func release(_ table: TableDefinition, on connection: Connection) {
        _ = try? connection.query(
            "SELECT RELEASE_LOCK(CONCAT('sluice.restore.', DATABASE(), '.', ?))", [.string(table.name)])
    }
}

extension RestoreError {
    /// The restore's error for a failure reading the file, with Avro's code (`file_unreadable`, `file_corrupt`,
    /// `schema_mismatch`, …) and message.
    init(_ error: AvroError) {
        self.init(Code(rawValue: error.code.rawValue), error.message)
    }
}
