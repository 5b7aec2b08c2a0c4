import TestSupport
import Errors
import Foundation
import MicroHTTPD
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Concurrency, graceful shutdown and bind failures.
@Suite("HTTPServer lifecycle", .serialized)
struct LifecycleTests {
    @Test func twoHundredConcurrentRequestsFromEightTasksAreAllAnswered() async throws {
        let handler = TestHandler(routes: ["/n": { .text("n=\($0.head.queryValue("i") ?? "?")") }])
        try await withServer(handler: handler) { server in
            let answered = try await withThrowingTaskGroup(of: Int.self) { group in
                for task in 0..<8 {
                    group.addTask {
                        var ok = 0
                        for i in 0..<25 {
                            let n = task * 25 + i
                            let url = try #require(URL(string: "http://127.0.0.1:\(server.port)/n?i=\(n)"))
                            let (data, response) = try await URLSession.shared.data(from: url)
                            if (response as? HTTPURLResponse)?.statusCode == 200,
                                String(decoding: data, as: UTF8.self) == "n=\(n)"
                            {
                                ok += 1
                            }
                        }
                        return ok
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(answered == 200)
        }
    }

    @Test func gracefulShutdownFinishesInFlightAndRefusesNewConnections() async throws {
        // The request stays in flight until the test lets it finish, however slowly threads run.
        let finish = DispatchSemaphore(value: 0)
        let handler = TestHandler(routes: [
            "/slow": { _ in
                _ = finish.wait(timeout: .now() + 30)
                return .text("slow done")
            }
        ])
        let server = try HTTPServer(configuration: serverConfiguration { $0.threading = .pool(2) }, handler: handler)
        let port = server.port
        async let slow = blocking {
            try RawConnection(port: port).exchange("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while server.inFlightRequests == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(2))
        }
        #expect(server.inFlightRequests == 1)
        let started = ContinuousClock.now
        async let stopped: Duration = blocking {
            server.shutdown(gracePeriod: .seconds(20))
            return ContinuousClock.now - started
        }
        try await Task.sleep(for: .milliseconds(50))
        let refusal = try await blocking { () -> String in
            do {
                let late = try RawConnection(port: port, timeoutSeconds: 2)
                return "connected, status \(try late.exchange("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n").status)"
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal == "Connection refused")
        finish.signal()
        let response = try await slow
        #expect(response.status == 200)
        #expect(response.text == "slow done")
        #expect(response.header("Connection")?.lowercased() == "close")
        let took = try await stopped
        #expect(took < .seconds(10), "shutdown waits for the in-flight request, not the whole grace period")
        #expect(server.inFlightRequests == 0)
    }

    @Test func portInUseIsBindFailed() async throws {
        try await withServer(handler: TestHandler()) { server in
            var configuration = HTTPServer.Configuration()
            configuration.port = server.port
            do {
                _ = try HTTPServer(configuration: configuration, handler: TestHandler())
                Issue.record("a second server bound the same port")
            } catch let error as HTTPServerError {
                #expect(error.code == .bindFailed)
                #expect(error.message.contains("Address already in use"))
            }
        }
    }

    @Test func ipv6LoopbackAndBadAddress() async throws {
        let server = try HTTPServer(configuration: serverConfiguration { $0.address = "::1" }, handler: TestHandler())
        #expect(server.port > 0)
        server.shutdown(gracePeriod: .zero)
        #expect(throws: HTTPServerError.self) {
            _ = try HTTPServer(configuration: serverConfiguration { $0.address = "not-an-ip" }, handler: TestHandler())
        }
        do {
            _ = try HTTPServer(configuration: serverConfiguration { $0.port = 70000 }, handler: TestHandler())
            Issue.record("port 70000 was accepted")
        } catch HTTPServerError.Code.invalidConfiguration {
            // expected
        }
    }
}
