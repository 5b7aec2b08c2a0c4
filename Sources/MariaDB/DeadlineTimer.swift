import Foundation

/// Cuts a connection off when a deadline passes, unless disarmed first: the call then blocked on it
/// (a ping, a statement, a row lock wait) fails at once with a connection error instead of waiting
/// out its own timeout.
struct DeadlineTimer {
    /// Whether the timer may still fire, and whether it did.
    ///
    /// `@unchecked Sendable`: both flags are only touched under `lock`.
    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var armed = true
        var fired = false
    }

    private let state = State()
    private let source: (any DispatchSourceTimer)?

    /// A timer that interrupts `connection` at `deadline`; none when there is no deadline.
    init(_ connection: Connection, at deadline: ContinuousClock.Instant?) {
        guard let deadline else {
            source = nil
            return
        }
        let interrupt = connection.interrupt
        let state = state
        let source = DispatchSource.makeTimerSource(queue: .global())
        let remaining = max(ContinuousClock.now.duration(to: deadline), .zero)
        source.schedule(deadline: .now() + .nanoseconds(Int(remaining / .nanoseconds(1))))
        source.setEventHandler {
            state.lock.withLock {
                guard state.armed else { return }
                interrupt()
                state.fired = true
            }
        }
        source.resume()
        self.source = source
    }

    /// Stops the timer; true when it had already cut the connection off (which must then be dropped).
    /// The connection must stay alive until this returns.
    func disarm() -> Bool {
        source?.cancel()
        return state.lock.withLock {
            state.armed = false
            return state.fired
        }
    }
}
