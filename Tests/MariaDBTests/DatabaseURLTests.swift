import Errors
import MariaDB
import Testing

/// Database URLs parse, print without their password, and fail clearly; no server is needed.
struct DatabaseURLTests {
    @Test func connectionErrorsSayWhatFailed() throws {
        let url = DatabaseURL(user: "nobody", database: "x", socket: "/nonexistent/mysqld.sock")
        let error = #expect(throws: MariaDBError.self) { try Connection(url: url) }
        #expect(error?.isConnectionError == true)
    }

    @Test(arguments: [
        ("mariadb://u:p%40ss@db.example:3307/hr", "u", "p@ss", "db.example", 3307, "hr", nil as String?),
        (
            "mariadb://u@localhost/hr?socket=/run/mysqld/mysqld.sock", "u", nil, "localhost", 3306, "hr",
            "/run/mysqld/mysqld.sock"
        ),
        ("mysql://u@[::1]:3306/hr", "u", nil, "::1", 3306, "hr", nil),
    ])
    func urlsParse(
        text: String, user: String, password: String?, host: String, port: Int, database: String, socket: String?
    ) throws {
        let url = try DatabaseURL(parsing: text)
        #expect(url.user == user && url.password == password && url.host == host)
        #expect(url.port == port && url.database == database && url.socket == socket)
        #expect(try DatabaseURL(parsing: url.connectionString) == url)
        #expect(!url.description.contains("p@ss") && !url.description.contains("p%40ss"))
    }

    @Test(arguments: [
        "postgres://u@h/db", "mariadb://h/db", "mariadb://u@h", "mariadb://u@h:99999/db", "mariadb://u:%zz@h/db",
        "mariadb://u@h/db?ssl=1",
    ])
    func badURLsAreRefused(text: String) {
        let error = #expect(throws: MariaDBError.self) { try DatabaseURL(parsing: text) }
        #expect(error?.code == .invalidDatabaseURL)
    }
}
