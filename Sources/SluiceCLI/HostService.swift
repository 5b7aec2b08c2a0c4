import Foundation
import Hosts
import Logging
import MariaDB
import ServiceLifecycle

/// `sluice serve`'s row in `sluice_hosts` as a service: it prunes long-dead rows and registers at
/// start, heartbeats every `every` (each beat on a thread of its own: it talks to MariaDB), and
/// marks the row stopped at graceful shutdown, before the pool closes.
struct HostService: Service {
    /// The API's presence.
    let presence: HostPresence
    /// The pool the beats borrow a connection from.
    let pool: ConnectionPool
    /// Time between heartbeats (a third of the lease).
    let every: Duration
    /// Where failed beats are logged.
    let logger: Logger

    func run() async throws {
        await write("cannot register this host") { try presence.prune(on: $0) }
        let beating = Task {
            while !Task.isCancelled {
                await write("cannot renew this host's heartbeat") { try presence.beat(on: $0) }
                try? await Task.sleep(for: every)
            }
        }
        try? await gracefulShutdown()
        beating.cancel()
        await beating.value
        await write("cannot mark this host stopped") { try presence.stop(on: $0) }
    }

    /// Runs `body` on a pooled connection on its own thread; logs `message` if it fails.
    private func write(_ message: Logger.Message, _ body: @escaping @Sendable (Connection) throws -> Void) async {
        let pool = pool
        do {
            try await onOwnThread(named: "sluice.hosts") { try pool.withConnection(body) }
        } catch {
            logger.warning(message, metadata: ["error": "\(error)"])
        }
    }
}
