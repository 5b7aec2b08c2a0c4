public import Foundation
public import Hosts
public import Logging
import Processes

/// The process shell around `SchedulerCore`: reads the definitions, carries out the core's actions
/// against the database and worker processes, and feeds it ticks, exits and cancel requests.
///
/// `run` blocks its thread (never run it on the cooperative pool) until a stop is requested and
/// every worker is done; a connection is not Sendable, so everything happens on that one thread. The database may go away and come
/// back meanwhile: the store reconnects, and keeps what must be recorded until it can be.
public final class Scheduler {
    /// How to start a worker: `executable arguments... --run ID`, with this environment.
    public struct WorkerCommand: Sendable {
        /// The `sluice` binary.
        public var executable: String
        /// Arguments before `--run ID`.
        public var arguments: [String]
        /// The worker's environment (it carries the database URL, never the command line).
        public var environment: [String: String]

        /// Creates a command.
        public init(executable: String, arguments: [String] = ["worker"], environment: [String: String]) {
            self.executable = executable
            self.arguments = arguments
            self.environment = environment
        }
    }

    private let store: SchedulerStore
    private let jobsDirectory: String
    private let kinds: JobKindRegistry
    private let worker: WorkerCommand
    private let logger: Logger
    private let tickInterval: Duration
    private let now: () -> Date
    private var core: SchedulerCore
    private var catalog = JobCatalog()
    private var children: [Int64: WorkerProcess] = [:]
    /// When each exited worker whose output has not ended yet was found exited.
    private var exitedAt: [Int64: Date] = [:]
    private let lifeline: Lifeline
    private let stop: SchedulerStop
    private var logSeq: [Int64: Int] = [:]
    private var generation: Int64 = -1
    private var lastControlCheck = Date.distantPast
    private var exited = false
    private let notices: RunNotices?
    private let hostBeat: SchedulerHostBeat?

    /// This scheduler's lease owner name: `host:pid:random`.
    public let owner: String
    private let host = ProcessInfo.processInfo.hostName

    /// Creates a scheduler of the jobs in `jobsDirectory` whose kinds are in `kinds`; `now` is its clock.
    /// `openStore` opens the queue's store, now (its error is thrown) and again whenever the database
    /// came back after an outage. `run()` returns once `stop` is requested and the workers are done.
    /// Runs whose definitions name webhooks are announced through `announcer` when they end. With a
    /// `presence`, the scheduler heartbeats its row in `sluice_hosts` and claims under its process id.
    public init(
        openStore: @escaping () throws -> JobStore, jobsDirectory: String, kinds: JobKindRegistry,
        configuration: SchedulerConfiguration, worker: WorkerCommand, logger: Logger, stop: SchedulerStop,
        announcer: RunAnnouncer? = nil, presence: HostPresence? = nil, tickInterval: Duration = .milliseconds(50),
        now: @escaping () -> Date = Date.init
    ) throws {
        store = try SchedulerStore(open: openStore, logger: logger, now: now)
        self.jobsDirectory = jobsDirectory
        self.kinds = kinds
        self.worker = worker
        self.logger = logger
        self.tickInterval = tickInterval
        self.now = now
        core = SchedulerCore(configuration: configuration)
        lifeline = try Lifeline()
        self.stop = stop
        notices = announcer.map { RunNotices(announcer: $0, wake: { [stop] in stop.wake() }) }
        owner =
            presence?.identity.id
            ?? "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UInt32.random(in: 0...UInt32.max))"
        hostBeat = presence.map { SchedulerHostBeat(presence: $0, every: configuration.heartbeatEvery) }
    }

    /// Runs until its `stop` is requested and the workers have finished (or been stopped after the
    /// grace period). Between ticks it waits on `stop`, which a stop request or a worker's end wakes.
    public func run() {
        logger.info("scheduler started", metadata: ["scheduler.owner": "\(owner)"])
        var stopping = false
        while !exited {
            if !stopping && stop.isRequested {
                stopping = true
                logger.info(
                    "scheduler stopping: no more claims; waiting for workers",
                    metadata: ["workers": "\(children.count)"])
                perform(core.handle(.shutdown(now())))
            }
            reap()
            writeNotes()
            beatHost()
            if !stopping { checkControls() }
            perform(core.handle(.tick(now())))
            if !exited { stop.wait(upTo: tickInterval) }
        }
        writeNotes()
        do { try hostBeat?.stop(store: store) } catch { report("cannot mark this host stopped", error) }
        logger.info("scheduler stopped")
    }

    /// The definitions as last loaded, and the files that failed to load.
    public var definitions: JobCatalog { catalog }

    /// Loads the definitions (files and stored schedules); throws (and is tried again at the next
    /// check) when the last slots or the stored schedules cannot be read.
    private func loadDefinitions(overrides: [String: Bool]) throws {
        let lastSlots = try store.use { try $0.lastSlots() }
        let stored = try store.use { try $0.storedSchedules() }
        catalog = JobCatalog.load(directory: jobsDirectory, kinds: kinds).adding(stored: stored, kinds: kinds)
        for error in catalog.errors { logger.error("invalid job definition", metadata: ["error": "\(error)"]) }
        let definitions = catalog.sorted.map { definition in
            var definition = definition
            definition.enabled = overrides[definition.name] ?? definition.enabled
            return definition
        }
        perform(core.handle(.definitionsLoaded(definitions, lastSlots: lastSlots, now: now())))
        logger.info(
            "job definitions loaded", metadata: ["jobs": "\(definitions.count)", "invalid": "\(catalog.errors.count)"])
    }

    /// Once a second: reload on request (or an enable/disable), and pass on cancel requests.
    private func checkControls() {
        let time = now()
        guard time.timeIntervalSince(lastControlCheck) >= 1 else { return }
        lastControlCheck = time
        do {
            try reloadIfChanged()
            guard !children.isEmpty else { return }
            for id in try store.use({ try $0.cancelRequests(owner: owner) }) {
                perform(core.handle(.cancelRequested(id: id, now: time)))
            }
        } catch {
            report("cannot read job controls", error)
        }
    }

    /// Reloads the definitions when a change was asked for since the last load.
    private func reloadIfChanged() throws {
        let controls = try store.use { try $0.controls() }
        guard controls.generation != generation else { return }
        try loadDefinitions(overrides: controls.overrides)
        generation = controls.generation
    }

    /// Reaps exited workers, stores their output, and reports them to the core. A worker that has
    /// exited is reported once its output has ended (its reader thread wakes the loop once both have
    /// happened), or a second after it exited by `now` if a descendant still holds its pipes.
    private func reap() {
        for (id, child) in children {
            guard let outcome = child.poll() else {
                flushLog(id, child)
                continue
            }
            let exited = exitedAt[id] ?? now()
            guard child.outputClosed || now().timeIntervalSince(exited) >= 1 else {
                exitedAt[id] = exited
                continue
            }
            flushLog(id, child)
            children[id] = nil
            exitedAt[id] = nil
            logSeq[id] = nil
            perform(core.handle(.runFinished(id: id, outcome: outcome, now: now())))
        }
    }

    private func flushLog(_ id: Int64, _ child: WorkerProcess) {
        let lines = child.takeLines()
        guard !lines.isEmpty else { return }
        let first = logSeq[id] ?? 0
        logSeq[id] = first + lines.count
        do {
            try store.write(.log(run: id, firstSeq: first, lines: lines))
        } catch {
            report("cannot store worker output", error, ["job.run": "\(id)"])
        }
    }

    private func perform(_ actions: [SchedulerAction]) {
        for action in actions {
            do {
                try perform(action)
            } catch {
                report("scheduler action failed", error, ["action": "\(action)"])
                if case .claim = action { perform(core.handle(.claimed([], now: now()))) }
            }
        }
    }

    private func perform(_ action: SchedulerAction) throws {
        switch action {
        case .enqueue(let slot):
            guard let definition = catalog.definitions[slot.job] else { return }
            let file = kinds.storedFile(kind: definition.kind, params: definition.params)
            try store.write(.enqueue(definition, slot: slot.slot, file: file))
        case .claim(let request):
            let runs = try store.use {
                try $0.claim(
                    request, owner: owner, host: host, lease: core.configuration.lease,
                    stores: core.configuration.stores)
            }
            perform(core.handle(.claimed(runs, now: now())))
        case .start(let run):
            start(run)
        case .signal(let id, let signal):
            logger.info("signalling worker", metadata: ["job.run": "\(id)", "signal": "\(signal)"])
            children[id]?.signalGroup(signal)
        case .heartbeat(let ids):
            for id in try store.use({ try $0.heartbeat(ids, owner: owner, lease: core.configuration.lease) }) {
                logger.warning("lease lost to another scheduler: stopping the worker", metadata: ["job.run": "\(id)"])
                children[id]?.signalGroup(SIGKILL)
            }
        case .expireLeases:
            for id in try store.use({ try $0.expireLeases(now: now()) }) {
                logger.warning("run lost: its scheduler stopped renewing the lease", metadata: ["job.run": "\(id)"])
                announce(id)
            }
        case .finish(let completion):
            try store.write(.finish(completion, owner: owner))
            logger.info(
                "run finished",
                metadata: [
                    "job.run": "\(completion.id)", "job.state": "\(completion.state)",
                    "job.cause": "\(completion.cause ?? "-")",
                ])
            announce(completion.id)
        case .exit:
            exited = true
        }
    }

    private func start(_ run: ClaimedRun) {
        do {
            let child = try WorkerProcess.spawn(
                worker.executable, worker.arguments + ["--run", String(run.id)], environment: worker.environment,
                lifeline: lifeline, ended: { [stop] in stop.wake() })
            children[run.id] = child
            try store.use { try $0.started(run.id, pid: child.pid) }
            logger.info(
                "worker started",
                metadata: ["job.run": "\(run.id)", "job.name": "\(run.job)", "worker.pid": "\(child.pid)"])
        } catch {
            report("cannot start worker", error, ["job.run": "\(run.id)"])
            if children[run.id] == nil {
                perform(core.handle(.runFinished(id: run.id, outcome: .exited(127), now: now())))
            }
        }
    }

    /// Hands run `id`, which just ended, to the notices (which announce it if its definition asks).
    /// The definitions are brought up to date first: a schedule created or edited less than the
    /// control check's second ago still has its webhooks told.
    private func announce(_ id: Int64) {
        guard let notices else { return }
        do {
            try reloadIfChanged()
            try notices.announce(id, definitions: catalog.definitions, store: store)
        } catch {
            report("cannot announce the run's end", error, ["job.run": "\(id)"])
        }
    }

    /// Renews this scheduler's row in `sluice_hosts` when a heartbeat is due.
    private func beatHost() {
        do {
            try hostBeat?.beatIfDue(workers: Array(children.keys), store: store, now: now())
        } catch {
            report("cannot renew this host's heartbeat", error)
        }
    }

    /// Writes what webhook deliveries reported to the ends of their runs' logs.
    private func writeNotes() {
        for (id, line) in notices?.takeReported() ?? [] {
            logger.info("run notice", metadata: ["job.run": "\(id)", "notice": "\(line)"])
            do {
                try store.write(.note(run: id, stream: "notify", line: line))
            } catch {
                report("cannot store a notice attempt", error, ["job.run": "\(id)"])
            }
        }
    }

    /// Logs a failed step, unless it failed because the database is away (the store logged that once).
    private func report(_ message: Logger.Message, _ error: any Error, _ metadata: Logger.Metadata = [:]) {
        guard !store.isDown else { return }
        logger.error(message, metadata: metadata.merging(["error": "\(error)"]) { $1 })
    }
}

@available(*, unavailable)
extension Scheduler: Sendable {}
