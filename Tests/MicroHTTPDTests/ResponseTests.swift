import TestSupport
import Foundation
import MicroHTTPD
import Synchronization
import Testing

/// File-descriptor and chunked-callback responses.
@Suite("HTTPServer responses", .serialized)
struct ResponseTests {
    @Test func fileResponseStreamsFromDescriptor() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("microhttpd-\(UUID().uuidString).bin")
            .path
        let content = testBytes(from: 0, count: 3_000_000)
        try Data(content).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handler = TestHandler(routes: [
            "/download": { _ in
                (try? HTTPResponse.file(path: path, contentType: "application/avro"))
                    ?? .error(status: 500, code: "file", message: "")
            },
            "/missing": { _ in
                do {
                    return try .file(path: path + ".nope")
                } catch {
                    return .error(
                        status: 404, code: "\(error)".hasPrefix("file_open_failed") ? "file_open_failed" : "?",
                        message: "")
                }
            },
        ])
        try await withServer(handler: handler) { server in
            let (download, missing) = try await blocking {
                let connection = try RawConnection(port: server.port)
                let download = try connection.exchange("GET /download HTTP/1.1\r\nHost: x\r\n\r\n")
                let missing = try connection.exchange("GET /missing HTTP/1.1\r\nHost: x\r\n\r\n")
                return (download, missing)
            }
            #expect(download.status == 200)
            #expect(download.header("Content-Type") == "application/avro")
            #expect(download.header("Content-Length") == "3000000")
            #expect(download.body == content)
            #expect(missing.status == 404)
            #expect(missing.text.contains("file_open_failed"))
        }
    }

    @Test func fileBodyValidatesItsRange() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("microhttpd-\(UUID().uuidString).txt")
            .path
        try Data("0123456789".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let body = try HTTPFileBody(path: path, offset: 2, length: 5)
        #expect(body.length == 5)
        #expect(throws: HTTPServerError.self) { try HTTPFileBody(path: path, offset: 8, length: 5) }
    }

    @Test func chunkedCallbackResponse() async throws {
        let handler = TestHandler(routes: [
            "/report": { _ in
                let counter = Mutex(0)
                return .stream(headers: ["Content-Type": "text/csv"]) {
                    counter.withLock { index -> [UInt8]? in
                        defer { index += 1 }
                        switch index {
                        case 0: return Array("id,name\n".utf8)
                        case 1: return []
                        case 2...1001: return Array("\(index - 1),row\(index - 1)\n".utf8)
                        case 1002: return testBytes(from: 0, count: 200_000)
                        default: return nil
                        }
                    }
                }
            }
        ])
        try await withServer(handler: handler) { server in
            let response = try await blocking {
                try RawConnection(port: server.port).exchange("GET /report HTTP/1.1\r\nHost: x\r\n\r\n")
            }
            #expect(response.status == 200)
            #expect(response.header("Transfer-Encoding") == "chunked")
            #expect(response.header("Content-Type") == "text/csv")
            var expected = Array("id,name\n".utf8)
            for i in 1...1000 { expected += Array("\(i),row\(i)\n".utf8) }
            expected += testBytes(from: 0, count: 200_000)
            #expect(response.body == expected)
        }
    }

    @Test func aStreamThatThrowsIsCutShortNotEnded() async throws {
        struct Failed: Error {}
        let handler = TestHandler(routes: [
            "/broken": { _ in
                let sent = Mutex(false)
                return .stream(headers: ["Content-Type": "text/csv"]) {
                    try sent.withLock { sent -> [UInt8]? in
                        if sent { throw Failed() }
                        sent = true
                        return Array("id,name\n".utf8)
                    }
                }
            }
        ])
        try await withServer(handler: handler) { server in
            let connection = try RawConnection(port: server.port)
            try connection.send("GET /broken HTTP/1.1\r\nHost: x\r\n\r\n")
            // The head and first chunk arrive, then the connection closes with no last chunk.
            #expect(throws: (any Error).self) { try connection.readResponse() }
            #expect(connection.isClosedByServer())
        }
    }

    @Test func errorBodyEscapesJSON() {
        let response = HTTPResponse.error(status: 422, code: "bad", message: "a \"quoted\"\nline\u{1}")
        guard case .bytes(let bytes) = response.body else {
            Issue.record("expected bytes")
            return
        }
        #expect(
            String(decoding: bytes, as: UTF8.self) == #"{"error":{"code":"bad","message":"a \"quoted\"\nline\u0001"}}"#)
        #expect(response.headers["content-type"] == "application/json")
    }
}
