import Dispatch
import Synchronization

/// How a scheduler's loop is asked to stop, and how it waits between ticks: on a semaphore that a
/// stop request (or a worker's output ending) signals, with the tick interval as its timeout, so a
/// stop is seen at once rather than after a fixed sleep.
///
/// `@unchecked Sendable`: the flag is atomic and `DispatchSemaphore` is thread-safe.
public final class SchedulerStop: @unchecked Sendable {
    private let requested = Atomic<Bool>(false)
    private let wakeup = DispatchSemaphore(value: 0)

    /// Creates a stop that has not been requested.
    public init() {}

    /// Asks the scheduler to stop claiming and to finish (its workers get the grace period); returns at once.
    public func request() {
        requested.store(true, ordering: .sequentiallyConsistent)
        wakeup.signal()
    }

    /// Whether a stop was requested.
    var isRequested: Bool { requested.load(ordering: .sequentiallyConsistent) }

    /// Ends the current (or next) ``wait(upTo:)`` early.
    func wake() { wakeup.signal() }

    /// Blocks the scheduler's thread for up to `interval`, less if woken.
    func wait(upTo interval: Duration) {
        let (seconds, attoseconds) = interval.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        _ = wakeup.wait(timeout: .now() + .nanoseconds(nanoseconds))
    }
}
