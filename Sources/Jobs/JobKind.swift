public import Errors
public import MariaDB
public import Hosts

/// One kind of job: a name, the parameters it takes (decoded and checked when a run is submitted,
/// not only when a worker runs it) and what a worker does with them.
///
/// Kinds live outside the Jobs module; the executable registers them in a `JobKindRegistry`.
public protocol JobKind: Sendable {
    /// The kind's parameters, decoded from the run's JSON object.
    associatedtype Params: JobParameters
    /// What a finished run reports (stored as the run's summary).
    associatedtype Summary: Encodable

    /// The name job files and the API use (`migrate`, `backup`, ...), at most `JobKindRegistry.maxNameLength`.
    static var name: String { get }

    /// Does the work of one run; throws `JobFailure` (or `JobsError`) to say how it failed.
    func run(_ params: Params, in context: JobContext) throws -> Summary
}

/// A kind's parameters: decodable, with checks beyond their types.
public protocol JobParameters: Decodable, Sendable {
    /// Parameters that name a file or folder on the server, which only job files (written by the
    /// operator) may set, never an API client.
    static var pathFields: Set<String> { get }

    /// Refuses values their types allow but the kind does not; throws `JobsError(.invalidParams, ...)`
    /// naming the field.
    func validate() throws

    /// The file of a file store the run reads (an upload, a backup), if any: the run is then claimed
    /// only by a scheduler that has the store holding it.
    var storedFile: StoredFile? { get }
}

extension JobParameters {
    /// No parameter names a server path.
    public static var pathFields: Set<String> { [] }

    /// Nothing to check beyond the types.
    public func validate() throws {}

    /// No stored file.
    public var storedFile: StoredFile? { nil }
}

/// What a kind gets to do its work with.
public struct JobContext {
    /// Opens a connection for the kind's work (apart from the queue's UTC session).
    public var connect: () throws -> Connection
    /// The queue and history (for kinds that maintain them, such as `prune`).
    public var store: JobStore
    /// The data dictionary file's path, resolved when a kind asks.
    public var dictionaryPath: () throws -> String
    /// Where rejected rows are written.
    public var rejectDirectory: String
    /// The file store this host has: where uploads are read and backups kept.
    public var fileStore: FileStore
    /// Where backups are kept (the store's backup folder).
    public var backupDirectory: String { fileStore.backupDirectory }
    /// The run being executed (nil outside a worker, e.g. in a kind's tests).
    public var runID: Int64?

    /// Creates a context for run `runID`.
    public init(
        connect: @escaping () throws -> Connection, store: JobStore, dictionaryPath: @escaping () throws -> String,
        rejectDirectory: String, fileStore: FileStore, runID: Int64? = nil
    ) {
        self.connect = connect
        self.store = store
        self.dictionaryPath = dictionaryPath
        self.rejectDirectory = rejectDirectory
        self.fileStore = fileStore
        self.runID = runID
    }

    /// Writes a line to the run's log (stdout, unbuffered, so the scheduler captures it as it happens).
    public func say(_ message: String) {
        WorkerRunner.say(message)
    }
}

/// How a run failed, as a kind reports it: the coded error its work threw (whose code becomes the
/// run's cause) and whether a retry could help.
public struct JobFailure: Error, Sendable, CustomStringConvertible {
    /// The error the kind's work threw.
    public var error: any CodedFailure
    /// True when the same input fails the same way again, so the run is not retried.
    public var isPermanent: Bool

    /// Wraps `error`, saying whether a retry could help.
    public init(_ error: any CodedFailure, isPermanent: Bool) {
        self.error = error
        self.isPermanent = isPermanent
    }

    /// The cause stored on the run: the error's code (e.g. `checksum_mismatch`).
    public var cause: String { error.codeText }

    /// The error's `code: message`.
    public var description: String { error.description }
}
