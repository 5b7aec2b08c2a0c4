import Glibc
import MicroHTTPD
import Testing
import TestSupport

/// What keeps one client from taking the server down: connections per address, the memory all
/// buffered bodies may hold, and the open-file limit.
@Suite("HTTPServer limits", .serialized)
struct LimitsTests {
    @Test func oneAddressGetsAtMostItsShareOfConnections() async throws {
        let configuration = serverConfiguration {
            $0.threading = .pool(2)
            $0.perAddressConnectionLimit = 2
        }
        let handler = TestHandler(routes: ["/ok": { _ in .text("ok") }])
        try await withServer(configuration, handler: handler) { server in
            try await blocking {
                let request = "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"
                let first = try RawConnection(port: server.port, timeoutSeconds: 5)
                var second: RawConnection? = try RawConnection(port: server.port, timeoutSeconds: 5)
                #expect(try first.exchange(request).status == 200 && second?.exchange(request).status == 200)
                #expect((try? RawConnection(port: server.port, timeoutSeconds: 5).exchange(request)) == nil)
                second = nil  // closes it: the address has a free place again
                #expect(
                    waitUntil(5) {
                        (try? RawConnection(port: server.port, timeoutSeconds: 5).exchange(request).status) == 200
                    })
                withExtendedLifetime(first) {}
            }
        }
    }

    @Test func bodiesBeyondTheMemoryBudgetAreRefusedBeforeTheyAreRead() async throws {
        let size = 1 << 20
        let configuration = serverConfiguration {
            $0.threading = .pool(4)
            $0.bodyMemoryBudget = size + size / 2
            $0.maxBodyBytes = size
        }
        let entered = Flag()
        let release = Flag()
        let handler = TestHandler(routes: [
            "/hold": { request in
                entered.set()
                _ = waitUntil(10) { release.isSet }
                return .text("size=\(request.body.count)")
            }
        ])
        try await withServer(configuration, handler: handler) { server in
            let head = "POST /hold HTTP/1.1\r\nHost: x\r\nContent-Length: \(size)\r\n\r\n"
            async let held = blocking {
                let connection = try RawConnection(port: server.port, timeoutSeconds: 15)
                try connection.send(head)
                try connection.send(testBytes(from: 0, count: size))
                return try connection.readResponse()
            }
            #expect(try await blocking { waitUntil(10) { entered.isSet } })
            let (refused, closed) = try await blocking {
                let connection = try RawConnection(port: server.port, timeoutSeconds: 5)
                let response = try connection.exchange(head)
                return (response, connection.isClosedByServer())
            }
            #expect(refused.status == 503 && refused.text.contains("server_busy") && closed)
            #expect(refused.header("Retry-After") == "1")
            release.set()
            #expect(try await held.text == "size=\(size)")
            let again = try await blocking {
                let connection = try RawConnection(port: server.port, timeoutSeconds: 5)
                try connection.send(head)
                try connection.send(testBytes(from: 0, count: size))
                return try connection.readResponse()
            }
            #expect(again.text == "size=\(size)")
        }
    }

    @Test func theOpenFileLimitIsRaisedToItsHardLimit() async throws {
        try await withServer(handler: TestHandler()) { _ in
            var limit = rlimit()
            #expect(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0)
            #expect(limit.rlim_cur == limit.rlim_max)
        }
    }
}
