import Avro
import Backup
import BatchIngest
import DataDictionary
import Foundation
import Loading
import MariaDB
import Migration
import Restore
import Synchronization
import Testing
import TestSupport

/// The threaded pipelines run in this process against the test database, so that `make sanitize`
/// sees their threads under AddressSanitizer and ThreadSanitizer: the migration's reading thread,
/// concurrent API batches racing for the same ids, the backup's fetching thread with its blocks
/// compressed on several threads, and the restore's reading thread. Small data, many hand-overs.
@Suite struct PipelineThreadsTests {
    /// 8,000 generated rows (six Avro blocks, eight migration batches), 1 in 100 without a name.
    static let rows = 8_000
    static let rejects = rows / 100

    @Test func migrationBackupAndRestoreKeepEveryCount() throws {
        try PipelineFixture.withLoadedParents { connection, _, dictionary, folder in
            let file = folder + "/hired_employees.csv"
            let lines = PipelineFixture.hiredEmployees(count: Self.rows, badEvery: 100)
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file))
            let migration = Migration(
                connection: connection, dictionary: dictionary, options: PipelineFixture.options(folder))
            let loaded = try migration.load(table: "hired_employees", file: file)
            #expect(loaded.outcome == .loaded)
            #expect(loaded.received == Self.rows)
            #expect(loaded.inserted == Self.rows - Self.rejects && loaded.rejected == Self.rejects)
            #expect(try PipelineFixture.count("hired_employees", connection) == Self.rows - Self.rejects)

            let backups = folder + "/backups"
            try FileManager.default.createDirectory(atPath: backups, withIntermediateDirectories: true)
            let manifest = try BackupWriter(dictionary: dictionary).backup(
                tables: [], into: backups, codec: .deflate, on: connection)
            #expect(manifest.tables.map(\.rows) == [12, 183, Self.rows - Self.rejects])

            try connection.execute("DELETE FROM hired_employees WHERE id > 10000")
            let outcome = try RestoreRunner(dictionary: dictionary, sqlDirectory: PipelineFixture.sql).restore(
                table: "hired_employees", from: backups + "/" + manifest.id, dryRun: false, on: connection)
            #expect(outcome.received == Self.rows - Self.rejects && outcome.restored == outcome.received)
            #expect(try PipelineFixture.count("hired_employees", connection) == Self.rows - Self.rejects)
        }
    }

    /// Four clients, each on its own connection, send the same 400 ids in batches of 100 at once:
    /// each id is inserted exactly once and rejected for every other client.
    @Test func concurrentBatchesInsertEachIdOnce() throws {
        try PipelineFixture.withLoadedParents { connection, url, dictionary, _ in
            let table = try dictionary.requireTable("hired_employees")
            let clients = 4
            let batches = 4
            let batchRows = 100
            let lines = PipelineFixture.hiredEmployees(count: batches * batchRows, badEvery: 1_000_000)
            let tally = Mutex<(inserted: Int, rejected: Int, failures: [String])>((0, 0, []))
            DispatchQueue.concurrentPerform(iterations: clients) { client in
                do {
                    let own = try Connection(url: url)
                    for batch in 0..<batches {
                        let rows = lines[batch * batchRows..<(batch + 1) * batchRows].map { line in
                            IncomingRow(
                                fields: .positional(
                                    line.split(separator: ",", omittingEmptySubsequences: false).map(
                                        String.init)),
                                raw: { Array(line.utf8) })
                        }
                        let result = try BatchIngestor(dictionary: dictionary).ingest(
                            rows, into: table, mode: .partial, dryRun: false, requestID: "c\(client)b\(batch)",
                            on: own)
                        tally.withLock {
                            $0.inserted += result.inserted; $0.rejected += result.rejected
                        }
                    }
                } catch {
                    tally.withLock { $0.failures.append("client \(client): \(error)") }
                }
            }
            let total = tally.withLock { $0 }
            #expect(total.failures.isEmpty, "\(total.failures)")
            #expect(total.inserted == batches * batchRows)
            #expect(total.rejected == (clients - 1) * batches * batchRows)
            #expect(try PipelineFixture.count("hired_employees", connection) == batches * batchRows)
        }
    }
}
