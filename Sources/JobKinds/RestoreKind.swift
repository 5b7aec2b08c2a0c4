import Backup
import Errors
public import Jobs
import Offsite
public import Loading
public import Restore

/// The `restore` kind: `{"table": T, "backup": ID}` (a backup in the backup folder, by id) or
/// `{"table": T, "from": PATH}` (a backup folder or an Avro file, for job files written by the
/// operator), or `{"table": T, "backup": ID, "offsite": "REMOTE:PATH"}` (a backup on an rclone
/// remote, fetched into a temporary folder), with optional `"dryRun": true` and `"maxRejects": N or "P%"`.
public struct RestoreKind: JobKind {
    /// `restore`.
    public static let name = "restore"

    /// The parameters of a restore.
    public struct Params: JobParameters {
        /// The table to restore.
        public var table: String
        /// A backup's id, in the backup folder (or on `offsite`).
        public var backup: String?
        /// The rclone `REMOTE:PATH` that holds the backup, instead of the backup folder.
        public var offsite: String?
        /// A backup folder or Avro file on the server.
        public var from: String?
        /// Whether to check and count only, changing nothing.
        public var dryRun: Bool?
        /// How many rejected rows the restore tolerates: a count, or a percentage as text.
        public var maxRejects: RejectCount?

        /// The backup in this host's store, when neither `from` nor `offsite` is named.
        public var storedFile: StoredFile? { from == nil && offsite == nil ? backup.map(StoredFile.backup) : nil }

        /// `from` names a server path.
        public static let pathFields: Set<String> = ["from"]

        /// A backup or a path is required; an off-site remote is `REMOTE:PATH` and needs a backup's id.
        public func validate() throws {
            if backup == nil && from == nil {
                throw JobsError(.invalidParams, #"field 'backup': required ("backup": ID or "from": PATH)"#)
            }
            if try offsiteRemote() != nil && backup == nil {
                throw JobsError(.invalidParams, #"field 'backup': required with "offsite""#)
            }
        }
    }

    /// A restore kind.
    public init() {}

    /// Restores the table and returns the outcome.
    public func run(_ params: Params, in context: JobContext) throws -> RestoreRunner.Outcome {
        if let remote = try params.offsiteRemote(), let id = params.backup {
            context.say("fetching \(params.table) of backup \(id) from \(remote)")
            return try KindFailures.classify {
                try OffsiteBackups(remote: remote).withLocalCopy(
                    id: id, table: params.table, under: context.backupDirectory
                ) { try restore(params, from: $0, in: context) }
            }
        }
        let source: String
        if let id = params.backup {
            guard let backup = try BackupCatalog(directory: context.backupDirectory).entry(id: id) else {
                throw JobsError(.notFound, "no complete backup \(id) in \(context.backupDirectory)")
            }
            source = backup.path
        } else {
            source = params.from ?? ""
        }
        return try restore(params, from: source, in: context)
    }

    private func restore(_ params: Params, from source: String, in context: JobContext) throws
        -> RestoreRunner.Outcome
    {
        let dryRun = params.dryRun ?? false
        context.say("restoring \(params.table) from \(source)\(dryRun ? " (dry run)" : "")")
        let outcome = try KindFailures.classify {
            try RestoreRunner(dictionary: try context.dictionary(), sqlDirectory: try SQLDirectory.locate()).restore(
                table: params.table, from: source, dryRun: dryRun, maxRejects: params.maxRejects?.limit,
                on: try context.connect())
        }
        context.say(
            "\(params.table): \(outcome.restored) rows \(dryRun ? "would be restored" : "restored"), "
                + "\(outcome.rejected) rejected")
        return outcome
    }
}

/// A reject limit as parameters give it: a count (`100`) or text (`"100"`, `"5%"`).
public struct RejectCount: Decodable, Sendable {
    /// The limit.
    public var limit: RejectLimit

    /// Decodes a count or a text and parses it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = (try? container.decode(Int.self)).map(String.init) ?? (try? container.decode(String.self))
        guard let text, let limit = RejectLimit(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: #"takes a count (100) or a percentage ("5%")"#))
        }
        self.limit = limit
    }
}
