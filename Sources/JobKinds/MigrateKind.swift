import Errors
import DataDictionary
import Foundation
import Hosts
public import Jobs
public import Migration
import MariaDB

/// The `migrate` kind: loads a CSV file into a table, `{"table": T, "file": PATH}` (a job file's
/// server path) or `{"table": T, "upload": ID}` (the API's: the upload's file, read from the
/// worker's own file store), with optional `"header": true` and `"batchRows": N`.
public struct MigrateKind: JobKind {
    /// `migrate`.
    public static let name = "migrate"

    /// The parameters of a migration.
    public struct Params: JobParameters {
        /// The table to load.
        public var table: String
        /// The CSV file on the server.
        public var file: String?
        /// The upload to load (its file in the store), when the API submitted it.
        public var upload: Int64?
        /// Whether the file's first line is a header.
        public var header: Bool?
        /// Rows per batch; given, the load commits batch by batch even into an empty table (see `MigrationOptions`).
        public var batchRows: Int?

        /// The upload, when no `file` is named.
        public var storedFile: StoredFile? { file == nil ? upload.map(StoredFile.upload) : nil }

        /// `file` names a server path.
        public static let pathFields: Set<String> = ["file"]

        /// A file (or an upload, which names one) is required; a batch holds at least one row.
        public func validate() throws {
            if file == nil && upload == nil {
                throw JobsError(.invalidParams, "field 'file': required (or submit an upload)")
            }
            if let batchRows, batchRows < 1 { throw JobsError(.invalidParams, "field 'batchRows': must be 1 or more") }
        }
    }

    /// Makes what is told of a migration's progress (nil: nothing is).
    let progress: @Sendable () -> (any MigrationProgress)?

    /// A kind that reports each migration's progress to what `progress` makes.
    public init(progress: @escaping @Sendable () -> (any MigrationProgress)? = { nil }) {
        self.progress = progress
    }

    /// Loads the file and returns the load's summary.
    public func run(_ params: Params, in context: JobContext) throws -> TableLoadSummary {
        var options = MigrationOptions()
        options.header = params.header ?? false
        options.rejectDirectory = context.rejectDirectory
        if let batch = params.batchRows {
            options.batchRows = batch
            options.bulkIntoEmptyTable = false
        }
        let file = try params.file ?? uploadPath(params.upload ?? 0, in: context)
        return try KindFailures.classify {
            let migration = Migration(
                connection: try context.connect(), dictionary: try context.dictionary(), options: options,
                progress: progress())
            return try migration.load(table: params.table, file: file)
        }
    }

    /// Where upload `id`'s file is in this host's store; throws `not_found` when it is not there.
    func uploadPath(_ id: Int64, in context: JobContext) throws -> String {
        let rows = try context.connect().query("SELECT stored_as FROM sluice_uploads WHERE id = ?", [.int(id)])
        guard let name = rows.first?[0].text else { throw JobsError(.notFound, "no upload \(id)") }
        let path = context.fileStore.uploadDirectory + "/" + name
        guard FileManager.default.fileExists(atPath: path) else {
            throw JobsError(.notFound, "upload \(id) is not in this host's store \(context.fileStore.root)")
        }
        return path
    }
}
