import Foundation
import MariaDB
import TestSupport

/// Three MariaDB Galera nodes (Debian's galera-4) on loopback ports and private sockets under a
/// temporary folder, for the cluster tests; every node is stopped on every path (`stop()`, or
/// when the value goes away).
///
/// Start-up is kept short by never copying data between nodes: one datadir is initialised, booted
/// once as a one-node cluster (which gives it a cluster position) and copied, so the other two join
/// by IST (the few events since) with rsync's SST only bypassed, never a full state transfer.
final class GaleraCluster {
    /// The ports of one node: client, group communication, IST, SST.
    struct Node {
        var name: String
        var datadir: String
        var socket: String
        var ports: [Int]
    }

    let nodes: [Node]
    private var servers: [Process] = []

    /// Starts the cluster in `folder` (which must exist, and is opened to all: the joiners' rsync
    /// daemon runs as `nobody`); throws with the node's log when a node does not come up in time.
    init(folder: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
        let ports = try freePorts(12)
        nodes = (0..<3).map { index in
            Node(
                name: "node\(index + 1)", datadir: folder + "/node\(index + 1)",
                socket: folder + "/node\(index + 1).sock",
                ports: Array(ports[(index * 4)..<(index * 4 + 4)]))
        }
        try initialise(nodes[0])
        try boot(0, newCluster: true)
        try execute("CREATE DATABASE sluice CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", on: 0)
        stop()
        for node in nodes.dropFirst() {
            try FileManager.default.copyItem(atPath: nodes[0].datadir, toPath: node.datadir)
            for file in ["galera.cache", "gvwstate.dat"] {
                try? FileManager.default.removeItem(atPath: node.datadir + "/" + file)
            }
            let state = try String(contentsOfFile: node.datadir + "/grastate.dat", encoding: .utf8)
            try state.replacingOccurrences(of: "safe_to_bootstrap: 1", with: "safe_to_bootstrap: 0")
                .write(toFile: node.datadir + "/grastate.dat", atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: node.datadir)
        }
        try boot(0, newCluster: true)
        try boot(1, newCluster: false, wait: false)
        try boot(2, newCluster: false, wait: false)
        for index in 1...2 { try waitSynced(index) }
    }

    /// The URL of node `index` (0, 1 or 2), over its socket.
    func url(_ index: Int) -> DatabaseURL {
        DatabaseURL(
            user: ProcessInfo.processInfo.userName, port: nodes[index].ports[0], database: "sluice",
            socket: nodes[index].socket)
    }

    /// SIGTERM to every node, SIGKILL to those still running 30 s later.
    func stop() {
        stop(servers)
        servers = []
    }

    /// Stops node `index` and starts it again with `options` added; it rejoins by IST.
    func restart(_ index: Int, adding options: [String]) throws {
        stop([servers[index]])
        try boot(index, newCluster: false, adding: options)
    }

    private func stop(_ processes: [Process]) {
        for server in processes where server.isRunning { server.terminate() }
        let deadline = Date() + 30
        for server in processes {
            while server.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if server.isRunning { kill(server.processIdentifier, SIGKILL) }
            server.waitUntilExit()
        }
    }

    deinit { stop() }

    private func initialise(_ node: Node) throws {
        let install = Process()
        install.executableURL = URL(fileURLWithPath: "/usr/bin/mariadb-install-db")
        install.arguments =
            [
                "--no-defaults", "--datadir=\(node.datadir)", "--auth-root-authentication-method=socket",
                "--auth-root-socket-user=\(ProcessInfo.processInfo.userName)", "--skip-test-db",
                "--user=\(ProcessInfo.processInfo.userName)",
            ] + Self.storageOptions
        install.standardOutput = FileHandle.nullDevice
        install.standardError = FileHandle.nullDevice
        try install.run()
        install.waitUntilExit()
        guard install.terminationStatus == 0 else { throw FixtureError("mariadb-install-db failed for \(node.name)") }
    }

    /// Small, fast and unsafe on power loss: a test's datadirs.
    private static let storageOptions = [
        "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=8M", "--innodb-flush-log-at-trx-commit=0",
    ]

    private func boot(_ index: Int, newCluster: Bool, wait: Bool = true, adding options: [String] = []) throws {
        let node = nodes[index]
        let members = nodes.map { "127.0.0.1:\($0.ports[1])" }.joined(separator: ",")
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/sbin/mariadbd")
        server.arguments =
            [
                "--no-defaults", "--datadir=\(node.datadir)", "--socket=\(node.socket)", "--port=\(node.ports[0])",
                "--bind-address=127.0.0.1", "--log-error=\(node.datadir).err", "--pid-file=\(node.datadir).pid",
                "--user=\(ProcessInfo.processInfo.userName)", "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci", "--skip-name-resolve", "--binlog-format=ROW",
                "--innodb-autoinc-lock-mode=2", "--wsrep-on=ON", "--wsrep-provider=/usr/lib/galera/libgalera_smm.so",
                "--wsrep-cluster-name=sluice-test", "--wsrep-cluster-address=gcomm://\(members)",
                "--wsrep-node-name=\(node.name)", "--wsrep-node-address=127.0.0.1:\(node.ports[1])",
                "--wsrep-sst-method=rsync", "--wsrep-sst-receive-address=127.0.0.1:\(node.ports[3])",
                "--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:\(node.ports[1]);"
                    + "ist.recv_addr=127.0.0.1:\(node.ports[2]);gcache.size=32M",
            ] + Self.storageOptions + (newCluster ? ["--wsrep-new-cluster"] : []) + options
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        if index < servers.count { servers[index] = server } else { servers.append(server) }
        if wait { try waitSynced(index) }
    }

    /// Waits (up to 60 s) until node `index` answers and is synced with the cluster.
    private func waitSynced(_ index: Int) throws {
        let synced = waitUntil(60) {
            guard let connection = try? Connection(url: url(index).withDatabase("mysql"), connectTimeoutSeconds: 2)
            else {
                return false
            }
            let state = try? connection.query(
                "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = ?",
                [.string("WSREP_LOCAL_STATE_COMMENT")])
            return state?.first?.first?.description == "Synced"
        }
        guard synced else {
            let log = (try? String(contentsOfFile: nodes[index].datadir + ".err", encoding: .utf8)) ?? ""
            throw FixtureError("\(nodes[index].name) did not sync: \(log.suffix(3000))")
        }
    }

    private func execute(_ sql: String, on index: Int) throws {
        try Connection(url: url(index).withDatabase("mysql")).execute(sql)
    }
}

/// `count` distinct free TCP ports on 127.0.0.1 (bound to port 0 and released).
private func freePorts(_ count: Int) throws -> [Int] {
    var ports = Set<Int>()
    while ports.count < count {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw FixtureError("no free TCP port on 127.0.0.1") }
        ports.insert(Int(UInt16(bigEndian: address.sin_port)))
    }
    return ports.sorted()
}

/// Starts a Galera cluster in a temporary folder, hands it to `body`, and stops it on every path.
func withGaleraCluster<T>(_ body: (GaleraCluster) throws -> T) throws -> T {
    try withTemporaryDirectory { folder in
        let cluster = try GaleraCluster(folder: folder)
        defer { cluster.stop() }
        return try body(cluster)
    }
}
