import Avro
import Backup
public import DataDictionary
import Errors
import Foundation
public import Ingest
public import MariaDB

/// What `sluice worker --run ID` does: loads the run, executes its kind, reports a summary (or the
/// cause of its failure) on the run, and returns the process exit status.
///
/// The worker prints progress to stdout and errors to stderr; the scheduler stores both in the
/// run's log. A failure a retry cannot fix exits with `permanentFailureExitStatus`.
public struct WorkerRunner {
    /// Opens the connection a kind works on (kept apart from the queue's UTC session).
    public var connect: () throws -> Connection
    /// The data dictionary, for `migrate`.
    public var dictionary: () throws -> DataDictionary
    /// Where rejected rows are written.
    public var rejectDirectory: String
    /// Where `backup` runs write their folders.
    public var backupDirectory: String
    /// Told of a migration's progress, which it writes to the run's log.
    public var migrationProgress: (any MigrationProgress)?

    /// Creates a runner.
    public init(
        connect: @escaping () throws -> Connection, dictionary: @escaping () throws -> DataDictionary,
        rejectDirectory: String, backupDirectory: String
    ) {
        self.connect = connect
        self.dictionary = dictionary
        self.rejectDirectory = rejectDirectory
        self.backupDirectory = backupDirectory
    }

    /// Executes run `id` and returns the exit status.
    public func run(_ id: Int64) -> Int32 {
        let store: JobStore
        do {
            store = try JobStore(connection: try connect())
        } catch {
            Self.printError("cannot reach the database: \(error)")
            return 1
        }
        Self.exitWhenOrphaned()
        do {
            let record = try store.run(id)
            Self.say("run \(id): \(record.kind) \(record.job), attempt \(record.attempt), params \(record.params)")
            let summary = try execute(record, store: store)
            try store.report(id, summary: summary)
            Self.say("run \(id): done \(summary)")
            return 0
        } catch let error as JobsError {
            _ = try? store.report(id, cause: error.code.rawValue)
            Self.printError(error.description)
            return [.kindNotImplemented, .invalidParams, .notFound].contains(error.code)
                ? permanentFailureExitStatus : 1
        } catch let error as RestoreError {
            _ = try? store.report(id, cause: error.code.rawValue)
            Self.printError(error.description)
            return permanentFailureExitStatus  // the same file fails the same way again
        } catch let error as IngestError {
            _ = try? store.report(id, cause: error.code.rawValue)
            Self.printError(error.description)
            return 1
        } catch {
            _ = try? store.report(id, cause: "error")
            Self.printError("\(error)")
            return 1
        }
    }

    private func execute(_ record: RunRecord, store: JobStore) throws -> String {
        let params = try Self.params(record.params)
        switch record.kind {
        case "migrate":
            guard let table = params["table"] as? String, let file = params["file"] as? String else {
                throw JobsError(.invalidParams, "migrate needs params {\"table\": T, \"file\": PATH}")
            }
            var options = MigrationOptions()
            options.header = params["header"] as? Bool ?? false
            options.rejectDirectory = rejectDirectory
            if let batch = params["batchRows"] as? Int, batch > 0 { options.batchRows = batch }
            let migration = Migration(
                connection: try connect(), dictionary: try dictionary(), options: options, progress: migrationProgress)
            let summary = try migration.load(table: table, file: file)
            return try Self.summary(summary)
        case "backup":
            let tables = (params["tables"] as? [String]) ?? []
            let folder = params["out"] as? String ?? backupDirectory
            guard let codec = AvroCodec(rawValue: params["codec"] as? String ?? "deflate"), codec != .lzma else {
                throw JobsError(.invalidParams, "backup codec must be null, deflate or snappy")
            }
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let manifest = try BackupWriter(dictionary: try dictionary()).backup(
                tables: tables, into: folder, codec: codec, on: try connect())
            Self.say(
                "backup \(manifest.id): \(manifest.tables.map { "\($0.table) \($0.rows) rows" }.joined(separator: ", "))"
            )
            let retention = RetentionPolicy(
                last: params["keep"] as? Int ?? 0, daily: params["keepDaily"] as? Int ?? 0,
                weekly: params["keepWeekly"] as? Int ?? 0)
            for id in try BackupCatalog(directory: folder).prune(retention) { Self.say("pruned backup \(id)") }
            return try Self.summary(manifest)
        case "restore":
            return try restore(params)
        case "prune":
            let days = params["days"] as? Int ?? 30
            let deleted = try store.prune(olderThanDays: days)
            return "{\"days\":\(days),\"runsDeleted\":\(deleted)}"
        case "sleep":
            let seconds = params["seconds"] as? Double ?? 1
            if params["ignoreTerm"] as? Bool == true { signal(SIGTERM, SIG_IGN) }  // to test the SIGKILL after grace
            Self.say("sleeping \(seconds)s")
            Thread.sleep(forTimeInterval: seconds)
            return "{\"slept\":\(seconds)}"
        default:
            throw JobsError(.kindNotImplemented, "no worker implements kind '\(record.kind)' yet")
        }
    }

    static func params(_ text: String) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw JobsError(.invalidParams, "params are not a JSON object: \(text)")
        }
        return object
    }

    /// A run's summary as the JSON text the history stores.
    static func summary(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Writes a line to stdout unbuffered, so the scheduler logs it as it happens.
    static func say(_ message: String) {
        FileHandle.standardOutput.write(Data((message + "\n").utf8))
    }

    private static func printError(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    /// If the scheduler dies the worker is re-parented: kill the worker's whole process group then,
    /// so a run marked lost and retried elsewhere never runs twice at once.
    private static func exitWhenOrphaned() {
        let parent = getppid()
        let thread = Thread {
            while getppid() == parent { Thread.sleep(forTimeInterval: 0.2) }
            kill(0, SIGKILL)
        }
        thread.start()
    }
}
