import ArgumentParser
import Avro
import Backup
import Foundation
import MariaDB

/// `sluice backup`: every (or the named) table to Avro from one consistent snapshot.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back tables up to Avro object container files from one consistent snapshot, with a manifest.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dictionaryOptions: DictionaryOptions
    @Option(name: .long, help: "A table to back up (repeatable; default: all).") var table: [String] = []
    @Option(name: .long, help: "The folder backups go in (default: <data-dir>/backups).") var out: String?
    @Option(name: .long, help: "null, deflate (default, readable everywhere) or snappy.") var codec = "deflate"

    func validate() throws {
        guard ["null", "deflate", "snappy"].contains(codec) else {
            throw ValidationError("--codec must be null, deflate or snappy")
        }
    }

    func run() throws {
        let connection = try Connection(url: try global.resolveDatabase())
        let folder = out ?? global.dataDirectory + "/backups"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let manifest = try BackupWriter(dictionary: try dictionaryOptions.load()).backup(
            tables: table, into: folder, codec: AvroCodec(rawValue: codec) ?? .deflate, on: connection)
        for entry in manifest.tables {
            print("\(entry.table): \(entry.rows) rows, \(entry.bytes) bytes, sha256 \(entry.sha256.prefix(12))…")
        }
        print("backup \(manifest.id) written to \(folder)/\(manifest.id) (snapshot \(manifest.snapshotTime))")
    }
}
