import TestSupport
import Foundation
import MicroHTTPD
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Requests and responses over a live server on 127.0.0.1, port 0.
@Suite("HTTPServer requests", .serialized)
struct HTTPServerTests {
    static let handler = TestHandler(routes: [
        "/query": { request in
            let items = request.head.queryItems.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
            return .text("\(request.head.method) \(request.head.path) \(items) raw=\(request.head.rawPath)")
        },
        "/echo": { request in
            var response = HTTPResponse.json(request.body)
            response.headers.add(name: "X-Seen-Test", value: request.head.headers["x-TEST-header"] ?? "none")
            response.headers.add(name: "X-Remote", value: request.head.remoteAddress)
            return response
        },
        "/a b/ü": { _ in .text("decoded") },
    ])

    @Test func getDecodesPathAndQuery() async throws {
        try await withServer(handler: Self.handler) { server in
            let url = try #require(
                URL(string: "http://127.0.0.1:\(server.port)/query?name=J%C3%BCrgen+Smith&x=1%2B1&empty="))
            let (data, response) = try await URLSession.shared.data(from: url)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            let text = String(decoding: data, as: UTF8.self)
            #expect(
                text == "GET /query name=Jürgen Smith&x=1+1&empty= raw=/query?name=J%C3%BCrgen+Smith&x=1%2B1&empty=")
        }
    }

    @Test func pathIsPercentDecoded() async throws {
        try await withServer(handler: Self.handler) { server in
            let response = try await blocking {
                try RawConnection(port: server.port).exchange(
                    "GET /a%20b/%C3%BC HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            }
            #expect(response.status == 200)
            #expect(response.text == "decoded")
        }
    }

    @Test func postJSONIsEchoedWithCaseInsensitiveHeaders() async throws {
        try await withServer(handler: Self.handler) { server in
            let url = try #require(URL(string: "http://127.0.0.1:\(server.port)/echo"))
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue("Yes", forHTTPHeaderField: "X-Test-Header")
            let json = #"{"id":1,"name":"Ada","tags":["a","b"]}"#
            request.httpBody = Data(json.utf8)
            let (data, response) = try await URLSession.shared.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            #expect(http.statusCode == 200)
            #expect(String(decoding: data, as: UTF8.self) == json)
            #expect(http.value(forHTTPHeaderField: "x-seen-test") == "Yes")
            #expect(http.value(forHTTPHeaderField: "X-Remote") == "127.0.0.1")
            #expect(http.value(forHTTPHeaderField: "Content-Length") == String(json.utf8.count))
        }
    }

    @Test(arguments: ["/bad%zz", "/bad%2", "/nul%00x", "/latin%E9", "/query?x=%G0"])
    func badPercentEncodingIs400(target: String) async throws {
        try await withServer(handler: Self.handler) { server in
            let response = try await blocking {
                try RawConnection(port: server.port).exchange(
                    "GET \(target) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            }
            #expect(response.status == 400)
            #expect(response.text.contains(#""code":"invalid_"#))
        }
    }

    @Test func headersLookupIgnoresCase() {
        let headers: HTTPHeaders = ["Content-Type": "text/csv", "X-A": "1"]
        #expect(headers["content-type"] == "text/csv")
        #expect(headers["CONTENT-TYPE"] == "text/csv")
        #expect(headers["x-a"] == "1")
        #expect(headers["x-b"] == nil)
    }

    @Test func unknownPathGetsHandlerAnswer() async throws {
        try await withServer(handler: Self.handler) { server in
            let response = try await blocking {
                try RawConnection(port: server.port).exchange(
                    "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            }
            #expect(response.status == 404)
            #expect(response.header("content-type") == "application/json")
        }
    }
}
