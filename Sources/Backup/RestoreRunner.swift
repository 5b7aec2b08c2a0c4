import Avro
public import DataDictionary
import Foundation
public import MariaDB

/// Restores one table from a backup, all or nothing: the rows are read with Avro schema resolution
/// (fields matched by name), validated against the dictionary, loaded into a scratch table, checked
/// (row count and content checksum against the manifest, foreign keys both ways), and only then
/// swapped in, in one transaction. Any failure leaves the live table exactly as it was.
public struct RestoreRunner {
    /// The dictionary the restored rows must satisfy.
    public let dictionary: DataDictionary

    /// Creates a runner.
    public init(dictionary: DataDictionary) {
        self.dictionary = dictionary
    }

    /// Restores `tableName` from `source`: a backup folder (with `manifest.json`) or one Avro file.
    /// With `dryRun`, checks everything and changes nothing. Returns the rows restored.
    @discardableResult
    public func restore(table tableName: String, from source: String, dryRun: Bool, on connection: Connection) throws -> Int {
        let table = try dictionary.requireTable(tableName)
        let (file, expected) = try locate(table: table, source: source)
        let scratch = "`\(table.name)__restore`"
        try connection.execute("DROP TABLE IF EXISTS \(scratch)")
        try connection.execute("CREATE TABLE \(scratch) LIKE \(table.quotedName)")
        defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(scratch)") }
        let rows = try load(file: file, table: table, into: scratch, on: connection)
        let shape = AvroTableSchema(table: table)
        if let expected {
            guard rows == expected.rows else {
                throw RestoreError("row_count_mismatch", "the file holds \(rows) rows, the manifest says \(expected.rows)")
            }
            let checksum = try contentChecksum(shape.selectSQL.replacingOccurrences(of: "FROM \(table.quotedName)", with: "FROM \(scratch)"), on: connection)
            guard checksum == expected.contentSHA256 else {
                throw RestoreError("checksum_mismatch", "the rows read do not match the manifest's content checksum")
            }
        }
        try checkForeignKeys(table, scratch: scratch, on: connection)
        guard !dryRun else { return rows }
        try connection.execute("BEGIN")
        do {
            try connection.execute("SET foreign_key_checks = 0")
            try connection.execute("DELETE FROM \(table.quotedName)")
            try connection.execute("INSERT INTO \(table.quotedName) SELECT * FROM \(scratch)")
            try connection.execute("COMMIT")
            try connection.execute("SET foreign_key_checks = 1")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            _ = try? connection.execute("SET foreign_key_checks = 1")
            throw error
        }
        return rows
    }

    private func locate(table: TableDefinition, source: String) throws -> (String, BackupManifest.TableEntry?) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) else {
            throw RestoreError("backup_not_found", "no backup folder or Avro file at \(source)")
        }
        guard isFolder.boolValue else { return (source, nil) }
        guard let data = FileManager.default.contents(atPath: source + "/manifest.json"),
            let manifest = try? JSONDecoder().decode(BackupManifest.self, from: data)
        else { throw RestoreError("manifest_unreadable", "\(source)/manifest.json is missing or invalid") }
        guard let entry = manifest.tables.first(where: { $0.table == table.name }) else {
            throw RestoreError("table_not_in_backup", "backup \(manifest.id) has no \(table.name)")
        }
        return (source + "/" + entry.file, entry)
    }

    /// Reads, validates and inserts the file's rows into the scratch table; returns how many.
    private func load(file: String, table: TableDefinition, into scratch: String, on connection: Connection) throws -> Int {
        let reader = try openReader(file, table: table)
        let validator = RowValidator(table: table)
        let insert = try connection.prepare(
            "INSERT INTO \(scratch) (\(table.quotedColumnList)) VALUES ("
                + Array(repeating: "?", count: table.columns.count).joined(separator: ", ") + ")")
        var batch: [[Value]] = []
        var count = 0
        var rejects: [String] = []
        while let record = try reader.next() {
            count += 1
            var fields: [String] = []
            for (index, column) in table.columns.enumerated() {
                fields.append(try text(of: record, field: index, type: column.type))
            }
            let verdict = validator.validate(fields: fields)
            guard verdict.isValid else {
                if rejects.count < 5 { rejects.append("row \(count): \(verdict.violations.map(\.description).joined(separator: "; "))") }
                continue
            }
            batch.append(verdict.values.map(Self.bind))
            if batch.count == 5_000 {
                try insert.executeBatch(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try insert.executeBatch(batch) }
        guard rejects.isEmpty else {
            throw RestoreError("rows_rejected", "rows break the dictionary, nothing was restored: " + rejects.joined(separator: " | "))
        }
        return count
    }

    private func openReader(_ file: String, table: TableDefinition) throws -> AvroFileReader {
        do {
            return try AvroFileReader(path: file, readerSchema: try AvroSchema(json: AvroTableSchema(table: table).json))
        } catch {
            throw RestoreError(error.code.rawValue, "\(file): \(error.message)")
        }
    }

    private func text(of record: AvroRecordView, field: Int, type: ColumnType) throws -> String {
        if try record.isNull(field: field) { return "" }
        switch type {
        case .timestamp: return Timestamp(microsecondsSinceEpoch: try record.long(field: field) ?? 0).description
        case .date:
            let days = try record.long(field: field) ?? 0
            return String(Timestamp(microsecondsSinceEpoch: days * 86_400_000_000).description.prefix(10))
        case .integer: return String(try record.long(field: field) ?? 0)
        case .number: return String(try record.double(field: field) ?? 0)
        case .boolean: return (try record.bool(field: field) ?? false) ? "true" : "false"
        case .string: return try record.string(field: field) ?? ""
        }
    }

    private static func bind(_ value: CellValue) -> Value {
        switch value {
        case .null: .null
        case .integer(let number): .int(number)
        case .number(let number): .double(number)
        case .boolean(let flag): .int(flag ? 1 : 0)
        case .text(let text), .date(let text): .string(text)
        case .timestamp(let instant): .string(instant.sqlText)
        }
    }

    private func contentChecksum(_ sql: String, on connection: Connection) throws -> String {
        var checksum = ContentChecksum()
        try connection.forEachRow(sql) { checksum.add($0) }
        return checksum.finish()
    }

    /// Rows that reference missing parents, and rows of other tables that would lose theirs.
    private func checkForeignKeys(_ table: TableDefinition, scratch: String, on connection: Connection) throws {
        for column in table.columns {
            guard let target = column.references else { continue }
            let orphans = try connection.query(
                "SELECT COUNT(*) FROM \(scratch) s LEFT JOIN `\(target.table)` p ON s.`\(column.name)` = p.`\(target.column)` "
                    + "WHERE s.`\(column.name)` IS NOT NULL AND p.`\(target.column)` IS NULL")
            if let count = orphans.first?.first, count != .int(0) {
                throw RestoreError("orphan_rows", "\(count) restored rows reference \(target) values that do not exist")
            }
        }
        for child in dictionary.tables {
            for column in child.columns where column.references?.table == table.name {
                guard let key = column.references?.column else { continue }
                let lost = try connection.query(
                    "SELECT COUNT(*) FROM `\(child.name)` c LEFT JOIN \(scratch) s ON c.`\(column.name)` = s.`\(key)` "
                        + "WHERE c.`\(column.name)` IS NOT NULL AND s.`\(key)` IS NULL")
                if let count = lost.first?.first, count != .int(0) {
                    throw RestoreError(
                        "would_orphan_children", "\(count) rows of \(child.name).\(column.name) would lose their \(table.name) row")
                }
            }
        }
    }
}

/// Why a restore was refused; the live table is unchanged.
public struct RestoreError: Error, Sendable, CustomStringConvertible {
    /// The stable code.
    public var code: String
    /// What is wrong.
    public var message: String

    init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
