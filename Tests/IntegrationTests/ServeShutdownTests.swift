import Foundation
import Testing
import TestSupport

/// `sluice serve` stops gracefully on SIGTERM: a request in flight is answered, then it exits 0.
@Suite struct ServeShutdownTests {
    @Test func sigtermAnswersTheRequestInFlightAndExitsZero() async throws {
        try await withTemporaryDirectory { folder in
            let log = folder + "/serve.log"
            try await withServer(log: log) { server in
                let port = try #require(Int(server.client.baseURL.split(separator: ":").last ?? ""))
                let body = "[" + IngestAPITests.row(1) + "]"
                let half = body.utf8.count / 2
                let request = try RawHTTPConnection(port: port)
                try request.send(
                    "POST \(IngestAPITests.path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer \(server.client.adminKey)\r\nContent-Type: application/json\r\n"
                        + "Expect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
                // The interim answer says the server has read the headers: the request is in flight.
                #expect(request.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 100"))
                try request.send(String(body.prefix(half)))
                kill(server.process.process.processIdentifier, SIGTERM)
                let draining = waitUntil(10) {
                    ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("finishing requests in flight")
                }
                #expect(draining, "the server should log that it is draining")
                try request.send(String(body.dropFirst(half)))
                let answer = request.readToEnd()
                #expect(answer.hasPrefix("HTTP/1.1 200"), "the request in flight should be answered: \(answer)")
                #expect(answer.contains("\"inserted\":1"))
                #expect(waitUntil(20) { !server.process.process.isRunning }, "serve should exit after SIGTERM")
                #expect(exitStatus(of: server.process.process) == 0)
                #expect(try count("hired_employees", server.connection) == 1)
            }
        }
    }
}

/// A plain TCP connection to the loopback server, to hold a request half-sent.
final class RawHTTPConnection {
    private let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard fd >= 0, connected else { throw FixtureError("cannot connect to 127.0.0.1:\(port)") }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.send(fd, $0.baseAddress, $0.count, 0) }) == bytes.count else {
            throw FixtureError("send failed: errno \(errno)")
        }
    }

    /// What the server sends until `end` arrives (byte by byte, so nothing after it is consumed).
    func read(until end: String) -> String {
        var received: [UInt8] = []
        var byte: UInt8 = 0
        while !received.suffix(end.utf8.count).elementsEqual(end.utf8), recv(fd, &byte, 1, 0) == 1 {
            received.append(byte)
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Everything the server sends until it closes the connection (it does when draining), or for
    /// at most the receive timeout.
    func readToEnd() -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    deinit { close(fd) }
}
