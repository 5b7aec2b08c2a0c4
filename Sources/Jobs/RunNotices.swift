import Foundation
import Synchronization

/// The run ends a scheduler announces: when a run it ended (or found lost) is a failure with no
/// retry to come, or a success its definition wants announced, the notice goes to the definition's
/// webhooks through the `RunAnnouncer`, on the announcer's own tasks; the lines those deliveries
/// report wait here until the scheduler's loop writes them to the run's log (stream `notify`).
final class RunNotices: Sendable {
    private let announcer: RunAnnouncer
    private let wake: @Sendable () -> Void
    private let reported = Mutex<[(run: Int64, line: String)]>([])

    /// Creates the notices of a scheduler; `wake` ends its wait between ticks, so a reported line is
    /// written soon.
    init(announcer: RunAnnouncer, wake: @escaping @Sendable () -> Void) {
        self.announcer = announcer
        self.wake = wake
    }

    /// Announces run `id`, which just ended, if `definitions` (by job name) ask for it.
    func announce(_ id: Int64, definitions: [String: JobDefinition], store: SchedulerStore) throws {
        guard definitions.values.contains(where: { !$0.notify.webhooks.isEmpty }) else { return }
        let run = try store.use { try $0.run(id) }
        guard let notify = definitions[run.job]?.notify, notify.announces(run.state) else { return }
        if run.state != .succeeded, try store.use({ try $0.isRetried(id) }) { return }
        let notice = RunNotice(run, publicURL: announcer.publicURL)
        announcer.send(notice.body, notify.webhooks) { [self] line in
            reported.withLock { $0.append((id, line)) }
            wake()
        }
    }

    /// The lines reported since the last call, in the order they came.
    func takeReported() -> [(run: Int64, line: String)] {
        reported.withLock { lines in
            defer { lines.removeAll() }
            return lines
        }
    }
}
