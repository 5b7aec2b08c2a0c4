import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Runs `services` in one `ServiceGroup` until SIGTERM or SIGINT, then shuts them down gracefully in
/// reverse order: list them from the one to stop last (the connection pool) to the one to stop first
/// (the HTTP server).
func runServices(_ services: [any Service], logger: Logger) async throws {
    // A client that hangs up must not kill the server with SIGPIPE; workers get it back by default.
    signal(SIGPIPE, SIG_IGN)
    let group = ServiceGroup(
        configuration: ServiceGroupConfiguration(
            services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
}

/// Runs blocking `body` (a C library's calls, a loop that waits on a condition) on a thread of its
/// own, never on the cooperative pool, and resumes the caller with its result.
func onOwnThread<T: Sendable>(named name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.name = name
        thread.start()
    }
}
