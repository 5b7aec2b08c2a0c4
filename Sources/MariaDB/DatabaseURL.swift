import Foundation

/// Where a MariaDB server is and how to log in: `mariadb://USER[:PASS]@HOST[:PORT]/DB` or
/// `mariadb://USER@localhost/DB?socket=PATH` (`mysql://` is accepted too).
///
/// `description` never shows the password; `connectionString` does, for handing to a child process
/// through its environment or a file, never a command line.
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// The user name.
    public var user: String
    /// The password, if any.
    public var password: String?
    /// The host name or address (`localhost` with a socket).
    public var host: String
    /// The TCP port (3306 when not given).
    public var port: Int
    /// The database (schema) name.
    public var database: String
    /// The Unix socket path, when connecting through one.
    public var socket: String?

    /// Creates a URL from its parts.
    public init(
        user: String, password: String? = nil, host: String = "localhost", port: Int = 3306, database: String,
        socket: String? = nil
    ) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.socket = socket
    }

    /// Parses a URL; throws `invalid_database_url` (code `.invalidDatabaseURL`) saying what is wrong, never
    /// echoing a password.
    public init(parsing text: String) throws {
        func invalid(_ why: String) -> MariaDBError {
            MariaDBError(
                .invalidDatabaseURL,
                "invalid_database_url: \(why); expected mariadb://USER[:PASS]@HOST[:PORT]/DB or mariadb://USER@localhost/DB?socket=PATH"
            )
        }
        var rest = Substring(text)
        guard let schemeEnd = rest.range(of: "://"),
            ["mariadb", "mysql"].contains(rest[..<schemeEnd.lowerBound].lowercased())
        else {
            throw invalid("the scheme must be mariadb://")
        }
        rest = rest[schemeEnd.upperBound...]
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let at = rest.lastIndex(of: "@") else { throw invalid("the user is missing") }
        let credentials = rest[..<at]
        let location = rest[rest.index(after: at)...]
        let userPart = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let user = userPart.first.flatMap({ Self.percentDecoded($0) }), !user.isEmpty else {
            throw invalid("the user is missing")
        }
        let password = userPart.count > 1 ? Self.percentDecoded(userPart[1]) : nil
        if userPart.count > 1 && password == nil { throw invalid("the password has a bad percent-escape") }
        guard let slash = location.firstIndex(of: "/") else { throw invalid("the database name is missing") }
        let hostPort = location[..<slash]
        guard let database = Self.percentDecoded(location[location.index(after: slash)...]), !database.isEmpty else {
            throw invalid("the database name is missing")
        }
        var host = String(hostPort)
        var port = 3306
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            guard let number = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(number) else {
                throw invalid("the port must be a number from 1 to 65535")
            }
            port = number
            host = String(hostPort[..<colon])
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw invalid("the host is missing") }
        var socket: String?
        for item in query.split(separator: "&") {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, pair[0] == "socket", let path = Self.percentDecoded(pair[1]), !path.isEmpty else {
                throw invalid("the only query parameter is socket=PATH")
            }
            socket = path
        }
        self.init(user: user, password: password, host: host, port: port, database: database, socket: socket)
    }

    /// The same server with another database.
    public func withDatabase(_ name: String) -> DatabaseURL {
        var copy = self
        copy.database = name
        return copy
    }

    /// The URL with the password shown as `***`.
    public var description: String { render(password: password == nil ? nil : "***") }

    /// The full URL, password included: for a child's environment, never for logs or a command line.
    public var connectionString: String { render(password: password.map { Self.percentEncoded($0) }) }

    private func render(password: String?) -> String {
        let credentials = Self.percentEncoded(user) + (password.map { ":" + $0 } ?? "")
        let hostText = host.contains(":") ? "[\(host)]" : host
        let location = socket == nil ? "\(hostText):\(port)" : hostText
        let query = socket.map { "?socket=" + Self.percentEncoded($0, keepSlash: true) } ?? ""
        return "mariadb://\(credentials)@\(location)/\(Self.percentEncoded(database))\(query)"
    }

    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }

    private static func percentEncoded(_ text: String, keepSlash: Bool = false) -> String {
        var result = ""
        for byte in text.utf8 {
            let plain =
                (byte >= 48 && byte <= 57) || (byte | 0x20 >= 97 && byte | 0x20 <= 122)
                || [UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~")].contains(byte)
                || (keepSlash && byte == UInt8(ascii: "/"))
            result += plain ? String(UnicodeScalar(byte)) : "%" + String(byte, radix: 16, uppercase: true).leftPadded
        }
        return result
    }
}

extension String {
    fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
