import Foundation
public import MariaDB

/// The private server the test runner started (`$SLUICE_TEST_DATABASE_URL`). A test that cannot
/// reach it fails; it is never skipped.
public func testServerURL() throws -> DatabaseURL {
    guard let text = ProcessInfo.processInfo.environment["SLUICE_TEST_DATABASE_URL"], !text.isEmpty else {
        throw FixtureError("SLUICE_TEST_DATABASE_URL is not set: run the tests with `make test`")
    }
    return try DatabaseURL(parsing: text)
}

/// Runs `body` with a connection to a new, empty database of its own, dropped afterwards on every path.
public func withTestDatabase<T>(_ body: (Connection, DatabaseURL) throws -> T) throws -> T {
    let server = try testServerURL()
    let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
    let admin = try Connection(url: server)
    try admin.execute("CREATE DATABASE \(quoteIdentifier(name)) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    defer { _ = try? admin.execute("DROP DATABASE IF EXISTS \(quoteIdentifier(name))") }
    let url = server.withDatabase(name)
    return try body(try Connection(url: url), url)
}
