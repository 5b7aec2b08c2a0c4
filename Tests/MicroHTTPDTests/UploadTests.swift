import TestSupport
import Glibc
import MicroHTTPD
import Testing

/// Body caps, streaming uploads to sinks and multipart/form-data.
@Suite("HTTPServer uploads", .serialized)
struct UploadTests {
    static let cap = 1 << 20
    static let configuration = serverConfiguration {
        $0.threading = .pool(2)
        $0.maxBodyBytes = cap
    }

    static let handler = TestHandler(
        routes: ["/echo-size": { .text("size=\($0.body.count)") }],
        sink: { head in head.path.hasPrefix("/upload") ? RecordingSink() : nil })

    @Test func contentLengthOverCapIs413WithoutSendingBody() async throws {
        try await withServer(Self.configuration, handler: Self.handler) { server in
            let response = try await blocking {
                try RawConnection(port: server.port, timeoutSeconds: 5).exchange(
                    "POST /echo-size HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: \(Self.cap + 1)\r\n\r\n"
                )
            }
            #expect(response.status == 413)
            #expect(response.text.contains(#"{"error":{"code":"body_too_large","message":"#))
        }
    }

    @Test func bodyAtCapIsAccepted() async throws {
        try await withServer(Self.configuration, handler: Self.handler) { server in
            let response = try await blocking {
                let connection = try RawConnection(port: server.port)
                try connection.send("POST /echo-size HTTP/1.1\r\nHost: x\r\nContent-Length: \(Self.cap)\r\n\r\n")
                try connection.send(testBytes(from: 0, count: Self.cap))
                return try connection.readResponse()
            }
            #expect(response.status == 200)
            #expect(response.text == "size=\(Self.cap)")
        }
    }

    @Test func chunkedBodyOverCapIs413() async throws {
        try await withServer(Self.configuration, handler: Self.handler) { server in
            let response = try await blocking {
                let connection = try RawConnection(port: server.port)
                try connection.send("POST /echo-size HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                let chunk = testBytes(from: 0, count: 64 << 10)
                for _ in 0..<((Self.cap / chunk.count) + 4) {
                    try connection.send(String(chunk.count, radix: 16) + "\r\n")
                    try connection.send(chunk + [13, 10])
                }
                try connection.send("0\r\n\r\n")
                return try connection.readResponse()
            }
            #expect(response.status == 413)
            #expect(response.text.contains("body_too_large"))
        }
    }

    @Test func rawUploadOf50MBStreamsToSinkInChunks() async throws {
        let size = 50 << 20
        var expected = Checksum()
        var offset = 0
        while offset < size {
            let piece = testBytes(from: offset, count: min(1 << 20, size - offset))
            expected.update(piece)
            offset += piece.count
        }
        let expectedSum = expected.description
        try await withServer(Self.configuration, handler: Self.handler) { server in
            let response = try await blocking {
                let connection = try RawConnection(port: server.port)
                try connection.send(
                    "PUT /upload/hired_employees HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: \(size)\r\n\r\n"
                )
                var sent = 0
                while sent < size {
                    let piece = testBytes(from: sent, count: min(1 << 20, size - sent))
                    try connection.send(piece)
                    sent += piece.count
                }
                return try connection.readResponse()
            }
            #expect(response.status == 200)
            let fields = Dictionary(
                uniqueKeysWithValues: response.text.split(separator: " ").map {
                    let pair = $0.split(separator: "=", maxSplits: 1)
                    return (String(pair[0]), String(pair[1]))
                })
            #expect(fields["total"] == String(size))
            #expect(fields["sum"] == expectedSum)
            let chunks = try #require(fields["chunks"].flatMap { Int($0) })
            let largest = try #require(fields["max"].flatMap { Int($0) })
            #expect(chunks > 100, "the body must arrive in many chunks, not buffered whole")
            #expect(largest <= 256 << 10, "no chunk may approach the body size")
        }
    }

    @Test func multipartUploadGivesSinkTheFilePartAndFields() async throws {
        let file = Array("id,name\n1,Ada\n2,Grace\n".utf8) + testBytes(from: 0, count: 300_000)
        var fileSum = Checksum()
        fileSum.update(file)
        let boundary = "----sluice-boundary-42"
        var body = Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"table\"\r\n\r\nhired_employees\r\n".utf8)
        body += Array(
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"hired.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").utf8)
        body += file
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        var tableSum = Checksum()
        tableSum.update(Array("hired_employees".utf8))
        let payload = body
        try await withServer(Self.configuration, handler: Self.handler) { server in
            let response = try await blocking {
                let connection = try RawConnection(port: server.port)
                try connection.send(
                    "POST /upload/form HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\(boundary)\r\n"
                        + "Content-Length: \(payload.count)\r\nConnection: close\r\n\r\n")
                try connection.send(payload)
                return try connection.readResponse()
            }
            #expect(response.status == 200)
            let lines = response.text.split(separator: "\n").map(String.init)
            #expect(lines == ["table|-|-|15|\(tableSum)", "file|hired.csv|text/csv|\(file.count)|\(fileSum)"])
        }
    }

    /// A client that goes away mid-upload gets its sink aborted. When the close arrives in the
    /// same burst as the data, libmicrohttpd 0.9.75 (epoll, edge-triggered) only notices at the
    /// connection timeout; both cases are covered.
    @Test(arguments: [(pauseBeforeClose: true, timeout: 60), (pauseBeforeClose: false, timeout: 1)])
    func sinkIsAbortedWhenClientDisconnects(pauseBeforeClose: Bool, timeout: Int) async throws {
        let aborted = Flag()
        let handler = TestHandler(sink: { _ in RecordingSink(onAbort: { aborted.set() }) })
        var configuration = Self.configuration
        configuration.connectionTimeout = .seconds(timeout)
        try await withServer(configuration, handler: handler) { server in
            try await blocking {
                let connection = try RawConnection(port: server.port)
                try connection.send("PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n")
                try connection.send(testBytes(from: 0, count: 1000))
                if pauseBeforeClose { usleep(100_000) }
            }
            let deadline = ContinuousClock.now + .seconds(5)
            while !aborted.isSet, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(aborted.isSet)
            #expect(server.inFlightRequests == 0)
        }
    }
}
