public import Foundation
import JSON

/// What a webhook is told when a run ends: the run's id, job, kind, state, cause, attempt, trigger,
/// times and duration, a link to its page, and `text`, a one-line summary that Slack-compatible
/// receivers show as the message.
public struct RunNotice: Sendable, Equatable, Codable {
    /// The run's id.
    public var id: Int64
    /// The job's name.
    public var job: String
    /// The job's kind.
    public var kind: String
    /// `succeeded`, `failed` or `lost`.
    public var state: RunState
    /// Why it ended (`exit 2`, `timeout`, `lease expired ...`), nil on success.
    public var cause: String?
    /// 1 for the first attempt.
    public var attempt: Int
    /// What started it (`schedule`, `api`, `user`), and who, in words.
    public var trigger: String
    /// Who or what started it, when recorded.
    public var triggeredBy: String?
    /// When it started and ended.
    public var startedAt: Date?
    /// When it ended.
    public var finishedAt: Date?
    /// How long it ran, in seconds.
    public var durationSeconds: Double?
    /// The run's page in the admin site.
    public var link: String
    /// A one-line summary, with a Slack link to the run's page.
    public var text: String

    /// The notice of `run`, linked under `publicURL` (the admin site's origin).
    public init(_ run: RunRecord, publicURL: URL) {
        id = run.id
        job = run.job
        kind = run.kind
        state = run.state
        cause = run.exitCause
        attempt = run.attempt
        trigger = run.trigger
        triggeredBy = run.triggeredBy
        startedAt = run.startedAt
        finishedAt = run.finishedAt
        if let started = run.startedAt, let finished = run.finishedAt {
            durationSeconds = (finished.timeIntervalSince(started) * 1000).rounded() / 1000
        }
        link = publicURL.appendingPathComponent("admin/job.html").absoluteString + "?id=\(run.id)"
        let took = durationSeconds.map { String(format: " after %.1f s", $0) } ?? ""
        let why = cause.map { " (\($0))" } ?? ""
        text = "Sluice: \(run.job) \(run.state.rawValue)\(why)\(took), attempt \(run.attempt) <\(link)|run \(run.id)>"
    }

    /// The notice as the POST body.
    public var body: [UInt8] { Array((try? JSON.encode(self)) ?? Data()) }
}

/// How a scheduler announces the runs it ends: where the admin site is (for links) and how to
/// deliver a notice (`send(body, urls, report)` must return at once; `report` gets one line per
/// delivery attempt, which the scheduler writes to the run's log).
public struct RunAnnouncer: Sendable {
    /// The admin site's origin, e.g. `https://sluice.example.com`.
    public var publicURL: URL
    /// Starts delivering a body to URLs without blocking.
    public var send: @Sendable (_ body: [UInt8], _ urls: [URL], _ report: @escaping @Sendable (String) -> Void) -> Void

    /// Creates an announcer.
    public init(
        publicURL: URL,
        send:
            @escaping @Sendable (_ body: [UInt8], _ urls: [URL], _ report: @escaping @Sendable (String) -> Void)
            -> Void
    ) {
        self.publicURL = publicURL
        self.send = send
    }
}
