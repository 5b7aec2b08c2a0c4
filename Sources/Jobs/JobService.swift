public import Errors
public import Foundation
public import JSON
public import MariaDB

/// The jobs operations the CLI and the HTTP API offer: runs (list, show, log, submit, cancel,
/// retry) and schedules (list with next and last run, enable, disable, run now, reload; stored
/// schedules are created, replaced and deleted in `JobService+Schedules.swift`).
///
/// Each call opens its own connection and blocks; call it from a thread that may block.
public struct JobService: Sendable {
    /// The database holding the queue and history.
    public var database: DatabaseURL
    /// The folder of job definitions.
    public var jobsDirectory: String
    /// The kinds runs may have; a submission's kind and params are checked against them.
    public var kinds: JobKindRegistry

    /// Creates a service.
    public init(database: DatabaseURL, jobsDirectory: String, kinds: JobKindRegistry) {
        self.database = database
        self.jobsDirectory = jobsDirectory
        self.kinds = kinds
    }

    /// A job's schedule as the API shows it.
    public struct ScheduleInfo: Sendable, Equatable, Codable {
        /// The job's name.
        public var name: String
        /// The job's kind.
        public var kind: String
        /// Where the definition lives: `file` (a `jobs/` file, read-only here) or `database` (a stored schedule).
        public var source: String
        /// What the job is for, when its definition says.
        public var description: String?
        /// The schedule's text (nil for an on-demand job).
        public var schedule: String?
        /// The time zone's IANA name.
        public var timeZone: String
        /// Whether the schedule fires (the file's setting, unless overridden).
        public var enabled: Bool
        /// The next slot after now (nil when disabled or unscheduled).
        public var nextRun: Date?
        /// The job's latest run.
        public var lastRun: RunRecord?
    }

    func withStore<T>(_ body: (JobStore) throws -> T) throws -> T {
        try body(try JobStore(connection: try Connection(url: database)))
    }

    /// The definitions of the job files and of the schedules stored in the database.
    func catalog(_ store: JobStore) throws -> JobCatalog {
        JobCatalog.load(directory: jobsDirectory, kinds: kinds).adding(
            stored: try store.storedSchedules(), kinds: kinds)
    }

    /// Runs matching `filter`, newest first.
    public func listRuns(_ filter: RunFilter = RunFilter()) throws -> [RunRecord] {
        try withStore { try $0.list(filter) }
    }

    /// One run; throws `not_found`.
    public func run(_ id: Int64) throws -> RunRecord { try withStore { try $0.run(id) } }

    /// A run's log after line `afterSeq`.
    public func log(_ id: Int64, afterSeq: Int = -1, limit: Int = 10_000) throws -> [RunLogLine] {
        try withStore {
            _ = try $0.run(id); return try $0.log(id, afterSeq: afterSeq, limit: limit)
        }
    }

    /// Queues a run of the job `name` now (its params, or `params` instead), on behalf of `by`
    /// (who, in words); returns the run. Throws `invalid_params` when its kind refuses `params`.
    public func submit(
        job name: String, params: JSONValue? = nil, trigger: String = "api", by: String? = nil
    ) throws -> RunRecord {
        let definition = try job(name)
        if let params { try kinds.validate(kind: definition.kind, params: params) }
        let file = kinds.storedFile(kind: definition.kind, params: params ?? definition.params)
        return try withStore { store in
            try store.run(try store.submit(definition, trigger: trigger, by: by, params: params, file: file))
        }
    }

    /// Queues an ad-hoc run of `kind` with `params` (e.g. a migration of an uploaded file) on behalf of
    /// `by`; returns the run. A run that reads a stored file (an upload, a backup) is claimed only by
    /// a scheduler that has the store holding it.
    /// Throws `unknown_kind` or `invalid_params` (naming the field) before anything is queued.
    public func submit(
        kind: String, params: [String: JSONValue], trigger: String = "api", by: String? = nil, name: String? = nil
    ) throws -> RunRecord {
        try kinds.validate(kind: kind, params: .object(params))
        let definition = JobDefinition(
            name: name ?? "adhoc-\(kind)", kind: kind, params: .object(params), allowOverlap: true)
        let file = kinds.storedFile(kind: kind, params: .object(params))
        return try withStore { store in
            try store.run(try store.submit(definition, trigger: trigger, by: by, file: file))
        }
    }

    /// Cancels a queued run, or stops a running one (SIGTERM, grace, SIGKILL); returns the run.
    public func cancel(_ id: Int64) throws -> RunRecord {
        try withStore {
            try $0.cancel(id); return try $0.run(id)
        }
    }

    /// Queues a new attempt of an ended run on behalf of `by`; returns the new run.
    public func retry(_ id: Int64, trigger: String = "api", by: String? = nil) throws -> RunRecord {
        try withStore { try $0.run(try $0.retry(id, trigger: trigger, by: by)) }
    }

    /// Every job definition with its next and last run, and the files that failed to load.
    public func schedules(now: Date = Date()) throws -> (schedules: [ScheduleInfo], errors: [JobsError]) {
        try withStore { store in
            let catalog = try catalog(store)
            let overrides = try store.controls().overrides
            let lastRuns = try store.lastRuns()
            let list = catalog.sorted.map { definition in
                let enabled = overrides[definition.name] ?? definition.enabled
                return ScheduleInfo(
                    name: definition.name, kind: definition.kind,
                    source: catalog.storedNames.contains(definition.name) ? "database" : "file",
                    description: definition.description, schedule: definition.schedule?.description,
                    timeZone: definition.timeZone.identifier, enabled: enabled,
                    nextRun: enabled ? definition.schedule?.next(after: now, in: definition.timeZone) : nil,
                    lastRun: lastRuns[definition.name])
            }
            return (list, catalog.errors)
        }
    }

    /// Enables or disables the schedule of job `name` for every scheduler.
    public func setEnabled(_ name: String, _ enabled: Bool) throws {
        _ = try job(name)
        try withStore { try $0.setEnabled(name, enabled) }
    }

    /// Re-reads the definitions here (returning the invalid files) and asks every scheduler to reload.
    @discardableResult
    public func reload() throws -> JobCatalog {
        try withStore { store in
            try store.requestReload()
            return try catalog(store)
        }
    }

    /// The definition of job `name` (a file's or a stored schedule's); throws `not_found`, or the
    /// error of its definition when it is invalid.
    public func job(_ name: String) throws -> JobDefinition {
        let catalog: JobCatalog = try withStore { try self.catalog($0) }
        guard let definition = catalog.definitions[name] else {
            let invalid = catalog.errors.first {
                $0.message.contains("/\(name).json") || $0.message.hasPrefix("schedule '\(name)'")
            }
            throw invalid ?? JobsError(.notFound, "no job named '\(name)' in \(jobsDirectory)")
        }
        return definition
    }
}
