import Foundation
import TestSupport

/// A webhook receiver for tests: Python's `http.server` (`$SLUICE_PYTHON`, else `python3`) on a free
/// loopback port, keeping every POST it gets (path and JSON body). A path that starts with
/// `/flaky` is answered 500 the first time, 200 after; every other path 200. Killed on `stop()`
/// and when released.
final class WebhookReceiver {
    private let process = Process()
    private let bodiesPath: String
    /// The receiver's origin, `http://127.0.0.1:PORT`.
    let baseURL: String

    private static let script = #"""
        import http.server, json, sys
        seen = set()
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with open(sys.argv[1], "a") as out:
                    out.write(json.dumps({"path": self.path, "body": json.loads(body)}) + "\n")
                flaky = self.path.startswith("/flaky") and self.path not in seen
                seen.add(self.path)
                self.send_response(500 if flaky else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()
            def log_message(self, *args):
                pass
        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    /// Starts the receiver in `folder` and waits for its port.
    init(folder: String) throws {
        bodiesPath = folder + "/webhook-posts.jsonl"
        _ = FileManager.default.createFile(atPath: bodiesPath, contents: nil)
        let python = ProcessInfo.processInfo.environment["SLUICE_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
        process.executableURL = URL(fileURLWithPath: python ?? "/usr/bin/python3")
        process.arguments = ["-c", Self.script, bodiesPath]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 10 {
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            throw FixtureError("the webhook receiver printed no port")
        }
        baseURL = "http://127.0.0.1:\(port)"
    }

    /// The POSTs received so far, in order: each one's path and decoded JSON body.
    var posts: [(path: String, body: [String: Any])] {
        let text = (try? String(contentsOfFile: bodiesPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let path = object["path"] as? String, let body = object["body"] as? [String: Any]
            else { return nil }
            return (path, body)
        }
    }

    /// Stops the receiver (SIGKILL: it keeps nothing to flush) and reaps it.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        _ = exitStatus(of: process)
    }

    deinit { stop() }
}
