import Foundation
import TestSupport

/// One HTTP exchange made with curl, which keeps no cookies between calls: each test says exactly
/// which key, cookie, CSRF token and origin a request carries.
struct HTTPExchange {
    let status: Int
    /// Header values by lower-case name (the last of repeated ones).
    let headers: [String: String]
    let body: String

    /// The body as a JSON object ([:] when it is not one).
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }

    /// The error code of an error answer.
    var code: String? { (json["error"] as? [String: Any])?["code"] as? String }

    /// Sends `method` to `url` with `headers` and a JSON `body`; `curlOptions` go to curl as they are.
    static func send(
        _ method: String, _ url: String, json body: String? = nil, headers: [String: String] = [:],
        curlOptions: [String] = []
    ) throws -> HTTPExchange {
        try withTemporaryDirectory { folder in
            var arguments = ["-s", "-m", "30", "-X", method, "-D", folder + "/head", "-o", folder + "/body"]
            for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
            if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
            _ = try TLSTests.run("/usr/bin/curl", arguments + curlOptions + [url])
            let head = (try? String(contentsOfFile: folder + "/head", encoding: .utf8)) ?? ""
            var fields: [String: String] = [:]
            var status = 0
            for line in head.split(separator: "\r\n") {
                if line.hasPrefix("HTTP/") {
                    status = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
                } else if let colon = line.firstIndex(of: ":") {
                    fields[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                        .trimmingCharacters(in: .whitespaces)
                }
            }
            let body = (try? String(contentsOfFile: folder + "/body", encoding: .utf8)) ?? ""
            return HTTPExchange(status: status, headers: fields, body: body)
        }
    }
}
