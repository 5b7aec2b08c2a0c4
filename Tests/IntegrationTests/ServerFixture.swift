import Foundation
import MariaDB
import Testing
import TestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `sluice serve` process on a free loopback port over a fresh test database, stopped with
/// SIGTERM after the test on every path.
struct RunningServer {
    let client: APIClient
    let connection: Connection
    let databaseURL: DatabaseURL
    /// The `sluice serve` process, for tests that stop or kill it.
    let process: ServeProcess

    func send(
        _ method: String, _ path: String, body: [UInt8]? = nil, headers: [String: String] = [:], key: String? = nil
    ) async throws -> (status: Int, headers: [String: String], body: [UInt8]) {
        try await client.send(method, path, body: body, headers: headers, key: key)
    }

    func postJSON(_ path: String, _ json: String, key: String? = nil, headers: [String: String] = [:]) async throws
        -> (status: Int, json: [String: Any])
    {
        try await client.postJSON(path, json, key: key, headers: headers)
    }
}

/// An HTTP client for one server, authenticated with the admin key unless told otherwise.
struct APIClient: Sendable {
    let baseURL: String
    let adminKey: String

    /// Sends a request and returns the status, headers and body.
    func send(
        _ method: String, _ path: String, body: [UInt8]? = nil, headers: [String: String] = [:], key: String? = nil
    ) async throws -> (status: Int, headers: [String: String], body: [UInt8]) {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        request.httpBody = body.map { Data($0) }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let key = key ?? (headers["Authorization"] == nil ? adminKey : nil) {
            request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] { fields["\(name)".lowercased()] = "\(value)" }
        return (http?.statusCode ?? 0, fields, Array(data))
    }

    /// Sends JSON rows to a table and decodes the JSON answer.
    func postJSON(_ path: String, _ json: String, key: String? = nil, headers: [String: String] = [:]) async throws
        -> (status: Int, json: [String: Any])
    {
        let answer = try await send(
            "POST", path, body: Array(json.utf8),
            headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a },
            key: key)
        return (answer.status, (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any] ?? [:])
    }
}

/// Starts `sluice serve` on a fresh database of the test server, runs `body`, stops the server. Its
/// job scheduler runs only when `scheduler` is set, so runs stay queued for tests that inspect them.
/// `binary` is the test binary (with the test-only job kinds) unless a test names another;
/// `environment` is added to the server's.
func withServer<T>(
    binary: String? = nil, dataDirectory: String? = nil, arguments: [String] = [], scheduler: Bool = false,
    log: String? = nil, environment: [String: String] = [:], _ body: (RunningServer) async throws -> T
) async throws -> T {
    let server = try testServerURL()
    let name = "api_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
    let admin = try Connection(url: server)
    try admin.execute("CREATE DATABASE \(quoteIdentifier(name)) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    defer { _ = try? admin.execute("DROP DATABASE IF EXISTS \(quoteIdentifier(name))") }
    return try await withServer(
        on: server.withDatabase(name), binary: binary, dataDirectory: dataDirectory,
        arguments: arguments + (scheduler ? [] : ["--no-scheduler"]), log: log, environment: environment,
        body)
}

/// Starts `sluice serve` on the database at `url` (schema applied, two departments and jobs), runs `body`;
/// what the server logs goes to the file `log` when one is named; `fileSizeLimit` as in ``ServeProcess``.
func withServer<T>(
    on url: DatabaseURL, binary: String? = nil, dataDirectory: String? = nil, arguments: [String] = [],
    log: String? = nil, fileSizeLimit: Int? = nil, environment: [String: String] = [:],
    _ body: (RunningServer) async throws -> T
) async throws
    -> T
{
    let process = try ServeProcess(
        on: url, binary: binary, dataDirectory: dataDirectory, arguments: arguments, log: log,
        fileSizeLimit: fileSizeLimit, environment: environment)
    defer { process.stop() }
    guard let key = process.firstKey else { throw FixtureError("sluice serve printed no admin key") }
    let running = RunningServer(
        client: APIClient(baseURL: process.baseURL, adminKey: key),
        connection: try Connection(url: url),
        databaseURL: url, process: process)
    try running.connection.execute("INSERT INTO departments VALUES (1, 'Engineering'), (2, 'Sales')")
    try running.connection.execute("INSERT INTO jobs VALUES (1, 'Recruiter'), (2, 'Analyst')")
    return try await body(running)
}

/// Sends a request with curl (which, unlike URLSession, reads an early 413 sent before the body and
/// streams files and multipart forms), authenticated with the admin key unless `arguments` say
/// otherwise; returns the status and the body.
func curl(_ server: RunningServer, _ arguments: [String], key: String? = nil) throws -> (
    status: Int, json: [String: Any]
) {
    try withTemporaryDirectory { folder in
        try CurlRequest(server, arguments, key: key, folder: folder).answer()
    }
}

/// A request sent by a curl process of its own, as ``curl(_:_:key:)`` sends it: it goes out at
/// once and needs no thread of the test's while it waits (a `Task` may wait long for a
/// cooperative thread when other suites block theirs).
struct CurlRequest {
    private let process = Process()
    private let output = Pipe()
    private let bodyFile: String

    /// Starts curl with `arguments`; its answer's body goes to a file in `folder`.
    init(_ server: RunningServer, _ arguments: [String], key: String? = nil, folder: String) throws {
        bodyFile = folder + "/body"
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments =
            [
                "-s", "-o", bodyFile, "-w", "%{http_code}", "-H",
                "Authorization: Bearer \(key ?? server.client.adminKey)",
            ]
            + arguments
        process.standardOutput = output
        try process.run()
    }

    /// Waits for curl to end; the status and the JSON body of the answer.
    func answer() -> (status: Int, json: [String: Any]) {
        let status = Int(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)) ?? 0
        _ = exitStatus(of: process)
        let body = FileManager.default.contents(atPath: bodyFile) ?? Data()
        return (status, (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:])
    }
}
