import Foundation
import Logging
import MicroHTTPD
import ServiceLifecycle

/// The HTTP server as a service: it serves from the start, and says so (`banner`) once the service
/// group traps SIGTERM and SIGINT, so that whoever waits for that line may stop it gracefully at once;
/// at graceful shutdown it stops taking requests and finishes those in flight (for up to
/// `gracePeriod`) before `run` returns.
struct HTTPService: Service {
    /// The running server.
    let server: HTTPServer
    /// How long requests in flight get to finish.
    let gracePeriod: Duration
    /// The lines printed when the service starts: where it serves.
    let banner: [String]
    /// Where the shutdown is logged.
    let logger: Logger

    func run() async throws {
        for line in banner { print(line) }
        fflush(nil)
        // Cancellation (another service failed) ends the wait too: the server stops either way.
        try? await gracefulShutdown()
        logger.info(
            "shutting down: finishing requests in flight", metadata: ["http.in_flight": "\(server.inFlightRequests)"])
        let server = server
        let gracePeriod = gracePeriod
        try await onOwnThread(named: "sluice.http.shutdown") { server.shutdown(gracePeriod: gracePeriod) }
    }
}
