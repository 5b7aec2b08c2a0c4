public import Avro
public import DataDictionary
import Foundation
import JSON
public import MariaDB

/// Writes one Avro object container file per table from one consistent snapshot, streamed row by
/// row, plus a manifest. The backup is built in a hidden `.partial` folder and renamed into place
/// only when every file is complete and on disk (see ``DurableFiles``), so a crash never leaves a backup that looks
/// finished.
public struct BackupWriter {
    /// The dictionary whose tables are backed up.
    public let dictionary: DataDictionary

    /// Creates a writer.
    public init(dictionary: DataDictionary) {
        self.dictionary = dictionary
    }

    /// Backs up `tables` (all when empty) into a new folder under `directory`; returns its manifest,
    /// which names `runID`, the job run doing the backup, if any.
    public func backup(
        tables names: [String], into directory: String, codec: AvroCodec, runID: Int64? = nil, on connection: Connection
    ) throws -> BackupManifest {
        let started = Date()
        let tables = try names.isEmpty ? dictionary.tablesInDependencyOrder : names.map(dictionary.requireTable)
        try connection.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        try connection.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
        defer { _ = try? connection.execute("COMMIT") }
        let snapshot =
            try connection.query("SELECT DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%fZ')")
            .first?.first?.description ?? ""
        let id = snapshot.filter { $0.isNumber || $0 == "T" || $0 == "Z" }
        let partial = directory + "/.\(id).partial"
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        do {
            var entries: [BackupManifest.TableEntry] = []
            for table in tables {
                entries.append(
                    try write(table, to: partial, codec: codec, snapshot: snapshot, on: connection))
            }
            let manifest = BackupManifest(
                id: id, snapshotTime: snapshot, dictionaryVersion: dictionary.version, codec: codec.rawValue,
                tables: entries, runID: runID, seconds: Date().timeIntervalSince(started))
            try DurableFiles.write(try JSON.encodePretty(manifest), to: partial + "/manifest.json")
            try DurableFiles.syncDirectory(partial)
            try FileManager.default.moveItem(atPath: partial, toPath: directory + "/" + id)
            try DurableFiles.syncDirectory(directory)
            return manifest
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    private func write(
        _ table: TableDefinition, to folder: String, codec: AvroCodec, snapshot: String, on connection: Connection
    ) throws -> BackupManifest.TableEntry {
        let shape = AvroTableSchema(table: table)
        let file = "\(table.name).avro"
        let digest = WrittenDigest()
        let writer = try AvroFileWriter(
            path: folder + "/" + file, schema: try AvroSchema(json: shape.json), codec: codec,
            metadata: [
                "sluice.table": table.name, "sluice.dictionary_version": String(dictionary.version),
                "sluice.snapshot_time": snapshot,
            ], onWrite: digest.update)
        let types = table.columns.map(\.type)
        var content = ContentChecksum()
        try connection.forEachRowInPlace(shape.selectSQL, temporal: .epochNumbers) { row in
            content.add(row)
            try writer.appendEncoded { record in
                for (index, type) in types.enumerated() {
                    try encode(row, column: index, as: type, into: &record)
                }
            }
        }
        try writer.close()
        return BackupManifest.TableEntry(
            table: table.name, file: file, rows: writer.recordCount, bytes: digest.bytes, sha256: digest.hex,
            contentSHA256: content.finish())
    }

    /// Encodes one column of `row` into its field, as the column's dictionary type says.
    @inline(__always)
    private func encode(
        _ row: ResultRow, column: Int, as type: ColumnType, into record: inout AvroRecordEncoder
    ) throws {
        if row.isNull(column) { return try record.setNull(field: column) }
        switch (row.kind(column), type) {
        case (.integer, .boolean): try record.setBoolean(field: column, row.int64(column) != 0)
        case (.integer, .date): try record.setInt(field: column, Int32(clamping: row.int64(column)))
        case (.integer, _): try record.setLong(field: column, row.int64(column))
        case (.floating, _): try record.setDouble(field: column, row.double(column))
        case (.text, _), (.binary, _):
            try row.withText(column) { try record.setString(field: column, utf8: $0) }
        }
    }

}
