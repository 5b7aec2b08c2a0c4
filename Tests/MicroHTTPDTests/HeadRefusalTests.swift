import Glibc
import MicroHTTPD
import Testing
import TestSupport

/// A request refused from its head is answered before any byte of its body is read, and its
/// connection closes: the body is never drained.
@Suite("HTTPServer refusals from the head", .serialized)
struct HeadRefusalTests {
    static let handler = TestHandler(
        routes: ["/open": { .text("size=\($0.body.count)") }],
        sink: { _ in RecordingSink() },
        refuse: { head in
            head.path == "/refused" ? .error(status: 401, code: "unauthorized", message: "no key") : nil
        })

    @Test func aRefusalIsSentBeforeTheBodyAndTheConnectionCloses() async throws {
        try await withServer(handler: Self.handler) { server in
            let (response, closed) = try await blocking {
                let connection = try RawConnection(port: server.port, timeoutSeconds: 5)
                let response = try connection.exchange(
                    "POST /refused HTTP/1.1\r\nHost: x\r\nContent-Length: 15000000\r\n\r\n")
                return (response, connection.isClosedByServer())
            }
            #expect(response.status == 401 && response.text.contains("unauthorized"))
            #expect(response.header("Connection")?.lowercased() == "close")
            #expect(closed)
        }
    }

    @Test func aChunkedUploadIsRefusedBeforeItsFirstChunk() async throws {
        try await withServer(handler: Self.handler) { server in
            let (response, closed) = try await blocking {
                let connection = try RawConnection(port: server.port, timeoutSeconds: 5)
                let response = try connection.exchange(
                    "POST /refused HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                        + "Content-Type: multipart/form-data; boundary=XYZ\r\n\r\n")
                return (response, connection.isClosedByServer())
            }
            #expect(response.status == 401)
            #expect(closed)
        }
    }

    @Test func anAcceptedRequestStillReadsItsBody() async throws {
        try await withServer(handler: Self.handler) { server in
            let response = try await blocking {
                try RawConnection(port: server.port, timeoutSeconds: 5).exchange(
                    "POST /open HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
            }
            #expect(response.status == 200 && response.text.contains("chunks=1 total=3"))
        }
    }
}
