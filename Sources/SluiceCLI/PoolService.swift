import API
import MariaDB
import ServiceLifecycle

/// The database connection pool as a service: at graceful shutdown, once the services that use it
/// have stopped, it closes its connections (on a thread of its own: closing talks to MariaDB).
struct PoolService: Service {
    /// The pool the HTTP handlers share.
    let pool: ConnectionPool

    func run() async throws {
        try? await gracefulShutdown()
        let pool = pool
        try await onOwnThread(named: "sluice.pool.close") { pool.close() }
    }
}
