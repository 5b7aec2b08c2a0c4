import Foundation
import MariaDB
import TestSupport

/// Hosts for a cluster test: a bridge in the root network namespace (`10.N.0.1/24`) and one network
/// namespace per host, each with its own address on the bridge (`10.N.0.11`, `.12`, ...) and, for
/// every process started in it, its own host name (a UTS namespace). They share the file system, as
/// hosts that mount one shared store do. Torn down on every path by `tearDown()`.
final class NamespaceHosts {
    /// A random tag in every name, so parallel runs never collide.
    let tag = String(UInt32.random(in: 0...0xFFFF), radix: 16)
    /// The second octet of the subnet.
    let subnet = Int.random(in: 100...250)
    let count: Int
    /// Set for every process started on a host (e.g. `SLUICE_DATABASE_URL`, kept off command lines).
    var environment: [String: String] = [:]

    /// The bridge's address, where the database listens.
    var bridgeAddress: String { "10.\(subnet).0.1" }
    /// Host `index`'s (from 1) address.
    func address(_ index: Int) -> String { "10.\(subnet).0.\(10 + index)" }
    /// Host `index`'s (from 1) name.
    func name(_ index: Int) -> String { "h\(index)" }
    private var bridge: String { "slb\(tag)" }
    private func namespace(_ index: Int) -> String { "sluice-\(tag)-\(index)" }

    /// Makes the bridge and `count` namespaces on it.
    init(count: Int) throws {
        self.count = count
        do {
            try Self.ip(["link", "add", bridge, "type", "bridge"])
            try Self.ip(["addr", "add", bridgeAddress + "/24", "dev", bridge])
            try Self.ip(["link", "set", bridge, "up"])
            for index in 1...count {
                let namespace = namespace(index)
                let veth = "slv\(tag)\(index)"
                try Self.ip(["netns", "add", namespace])
                try Self.ip(["link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", namespace])
                try Self.ip(["link", "set", veth, "master", bridge, "up"])
                try Self.ip(["-n", namespace, "addr", "add", address(index) + "/24", "dev", "eth0"])
                try Self.ip(["-n", namespace, "link", "set", "eth0", "up"])
                try Self.ip(["-n", namespace, "link", "set", "lo", "up"])
            }
        } catch {
            tearDown()
            throw error
        }
    }

    /// Deletes the namespaces (and their veth pairs) and the bridge.
    func tearDown() {
        for index in 1...count { try? Self.ip(["netns", "del", namespace(index)]) }
        try? Self.ip(["link", "del", bridge])
    }

    /// `sluice-test ARGUMENTS` started on host `index`, its output in `log`.
    func start(_ index: Int, _ arguments: [String], log: String) throws -> HostProcess {
        try HostProcess(
            namespace: namespace(index), hostName: name(index), arguments: [try SluiceBinary.testPath] + arguments,
            environment: environment, log: log)
    }

    /// `sluice-test ARGUMENTS` run on host `index` to its end; returns its status and output.
    func run(_ index: Int, _ arguments: [String], log: String) throws -> (status: Int32, output: String) {
        let process = try start(index, arguments, log: log)
        let status = exitStatus(of: process.process)
        return (status, process.output)
    }

    private static func ip(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard exitStatus(of: process) == 0 else { throw FixtureError("ip \(arguments.joined(separator: " ")) failed") }
    }
}

/// A process in a host's network namespace under the host's name: `ip netns exec` and `unshare --uts`
/// exec it in place, so its pid is the program's own and SIGKILL kills the program (its workers follow
/// through their lifeline). Killed when dropped.
final class HostProcess {
    let process = Process()
    let log: String

    init(namespace: String, hostName: String, arguments: [String], environment: [String: String], log: String) throws {
        self.log = log
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments =
            ["netns", "exec", namespace, "unshare", "--uts", "/bin/sh", "-c", #"hostname "$0" && exec "$@""#, hostName]
            + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.merging([
            "SLUICE_SQL_DIR": repositoryRoot + "/sql"
        ]) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// SIGKILL: the host dies at once.
    func killHard() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        _ = exitStatus(of: process)
    }

    /// SIGTERM, then SIGKILL after 15 s.
    func stop() {
        if process.isRunning { process.terminate() }
        let deadline = Date() + 15
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        killHard()
    }

    deinit { killHard() }
}

/// A MariaDB server of the test's own listening on `address` (the bridge), initialised in `folder`
/// as `sluice db start` does; hosts reach it over TCP as user `sluice`. Stopped by `stop()`.
final class BridgeMariaDB {
    let process = Process()
    let url: DatabaseURL

    init(folder: String, address: String) throws {
        let data = folder + "/data"
        let socket = folder + "/mysqld.sock"
        let install = Process()
        install.executableURL = URL(fileURLWithPath: "/usr/bin/mariadb-install-db")
        install.arguments = [
            "--no-defaults", "--datadir=" + data, "--user=root", "--auth-root-authentication-method=socket",
            "--skip-test-db",
        ]
        install.standardOutput = FileHandle.nullDevice
        install.standardError = FileHandle.nullDevice
        try install.run()
        guard exitStatus(of: install) == 0 else { throw FixtureError("mariadb-install-db failed") }
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/mariadbd")
        process.arguments = [
            "--no-defaults", "--datadir=" + data, "--socket=" + socket, "--bind-address=" + address, "--port=3306",
            "--user=root", "--character-set-server=utf8mb4", "--log-error=" + folder + "/error.log",
            "--pid-file=" + folder + "/mysqld.pid",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let root = DatabaseURL(user: "root", database: "mysql", socket: socket)
        var admin: Connection?
        _ = waitUntil(30) {
            admin = try? Connection(url: root)
            return admin != nil
        }
        guard let admin else { throw FixtureError("the bridge's MariaDB did not start") }
        for statement in [
            "CREATE DATABASE sluice CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
            "CREATE USER 'sluice'@'%' IDENTIFIED BY 'sluice'", "GRANT ALL ON *.* TO 'sluice'@'%'",
        ] {
            try admin.execute(statement)
        }
        url = DatabaseURL(user: "sluice", password: "sluice", host: address, database: "sluice")
    }

    /// SIGTERM, and waits for the server to exit.
    func stop() {
        if process.isRunning { process.terminate() }
        _ = exitStatus(of: process)
    }
}
