import Errors
import Foundation
import JSON
import Processes
public import MariaDB
public import Hosts

/// What `sluice worker --run ID` does: loads the run, executes its kind, reports a summary (or the
/// cause of its failure) on the run, and returns the process exit status.
///
/// The worker prints progress to stdout and errors to stderr; the scheduler stores both in the
/// run's log. A failure a retry cannot fix exits with `permanentFailureExitStatus`.
public struct WorkerRunner {
    /// The kinds this worker can run.
    public var kinds: JobKindRegistry
    /// Opens the connection a kind works on (kept apart from the queue's UTC session).
    public var connect: () throws -> Connection
    /// The data dictionary file's path, for the kinds that need it.
    public var dictionaryPath: () throws -> String
    /// Where rejected rows are written.
    public var rejectDirectory: String
    /// The file store of this host (uploads and backups).
    public var fileStore: FileStore

    /// Creates a runner.
    public init(
        kinds: JobKindRegistry, connect: @escaping () throws -> Connection,
        dictionaryPath: @escaping () throws -> String, rejectDirectory: String, fileStore: FileStore
    ) {
        self.kinds = kinds
        self.connect = connect
        self.dictionaryPath = dictionaryPath
        self.rejectDirectory = rejectDirectory
        self.fileStore = fileStore
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
            let params = (try? JSON.text(record.params)) ?? "{}"
            Self.say("run \(id): \(record.kind) \(record.job), attempt \(record.attempt), params \(params)")
            let context = JobContext(
                connect: connect, store: store, dictionaryPath: dictionaryPath, rejectDirectory: rejectDirectory,
                fileStore: fileStore, runID: id)
            let summary = try kinds.run(kind: record.kind, params: record.params, in: context)
            try store.report(id, summary: summary)
            Self.say("run \(id): done \(try JSON.text(summary))")
            return 0
        } catch let error as JobsError {
            return fail(id, store, cause: error.code.rawValue, error.description, permanent: error.isPermanent)
        } catch let error as JobFailure {
            return fail(id, store, cause: error.cause, error.description, permanent: error.isPermanent)
        } catch {
            return fail(id, store, cause: "error", "\(error)", permanent: false)
        }
    }

    private func fail(_ id: Int64, _ store: JobStore, cause: String, _ message: String, permanent: Bool) -> Int32 {
        _ = try? store.report(id, cause: cause)
        Self.printError(message)
        return permanent ? permanentFailureExitStatus : 1
    }

    /// Writes a line to stdout unbuffered, so the scheduler logs it as it happens.
    static func say(_ message: String) {
        FileHandle.standardOutput.write(Data((message + "\n").utf8))
    }

    private static func printError(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    /// If the scheduler dies, kill the worker's whole process group, so a run marked lost and retried
    /// elsewhere never runs twice at once. The scheduler's lifeline (descriptor 3) tells: its hang-up
    /// is the event, no polling. A worker started by hand has no lifeline and no scheduler to outlive.
    private static func exitWhenOrphaned() {
        Lifeline.watch(environment: ProcessInfo.processInfo.environment) { kill(0, SIGKILL) }
    }
}

extension JobsError {
    /// Whether a retry of the run cannot help (an unknown kind, bad params, a missing input).
    var isPermanent: Bool { [.unknownKind, .invalidParams, .notFound].contains(code) }
}
