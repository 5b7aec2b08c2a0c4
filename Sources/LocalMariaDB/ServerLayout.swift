import Errors
import Foundation
import Processes

/// Where the managed server's files live under the data directory, and how it is started.
struct ServerLayout: Sendable {
    let root: String

    init(dataDirectory: String) {
        let absolute =
            dataDirectory.hasPrefix("/")
            ? dataDirectory : FileManager.default.currentDirectoryPath + "/" + dataDirectory
        root = URL(fileURLWithPath: absolute).standardizedFileURL.path + "/mariadb"
    }

    var datadir: String { root + "/data" }
    var pidFile: String { root + "/mariadbd.pid" }
    var errorLog: String { root + "/error.log" }
    var stateFile: String { root + "/server.json" }
    var isInitialised: Bool { FileManager.default.fileExists(atPath: datadir + "/mysql") }

    /// `<root>/mysqld.sock`, or a short path under /tmp when that would pass the 107-byte socket limit.
    var defaultSocketPath: String {
        let path = root + "/mysqld.sock"
        guard path.utf8.count >= 100 else { return path }
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in root.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        return "/tmp/sluice-\(String(hash, radix: 36)).sock"
    }

    static var osUser: String { ProcessInfo.processInfo.userName }

    func prepareDirectories() throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func initialiseDatadir() throws {
        let install = ProcessSpec(
            executable: try Self.findExecutable("mariadb-install-db"),
            arguments: [
                "--no-defaults", "--datadir=\(datadir)", "--auth-root-authentication-method=socket",
                "--auth-root-socket-user=\(Self.osUser)", "--skip-test-db", "--user=\(Self.osUser)",
                // Its bootstrap's temporary tables under the server's own folder, not the shared
                // /tmp, where another program's clean-up once removed one mid-install.
                "--tmpdir=\(root)",
            ],
            files: [0: .devNull, 1: .file(root + "/install.log", append: false), 2: .descriptor(1)])
        let outcome: ProcessOutcome
        do {
            outcome = try ChildProcess.spawn(install).wait()
        } catch let error as ProcessError {
            throw LocalServerError(code: .serverInitFailed, message: error.message)
        }
        guard outcome == .exited(0) else {
            try? FileManager.default.removeItem(atPath: datadir)
            throw LocalServerError(
                code: .serverInitFailed, message: "mariadb-install-db failed; see \(root)/install.log")
        }
    }

    func serverArguments(_ state: ServerState) -> [String] {
        [
            "--no-defaults", "--datadir=\(datadir)", "--socket=\(state.socket)", "--port=\(state.port)",
            "--bind-address=127.0.0.1", "--pid-file=\(pidFile)", "--log-error=\(errorLog)",
            "--user=\(Self.osUser)", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
            "--local-infile=1", "--innodb-buffer-pool-size=512M", "--innodb-log-file-size=256M",
            "--max-allowed-packet=256M", "--max-connections=500", "--skip-name-resolve",
        ]
    }

    func readState() throws -> ServerState {
        guard let data = FileManager.default.contents(atPath: stateFile) else {
            throw LocalServerError(code: .serverNotInitialised, message: "no managed server under \(root)")
        }
        return try JSONDecoder().decode(ServerState.self, from: data)
    }

    func writeState(_ state: ServerState) throws {
        try JSONEncoder().encode(state).write(to: URL(fileURLWithPath: stateFile))
    }

    /// The pid in the pid file, if that process is alive.
    func runningPID() -> Int32? {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), ProcessStatus.isRunning(pid)
        else { return nil }
        return pid
    }

    func errorLogTail() -> String {
        let text = (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? "(no log)"
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }

    /// The full path of a MariaDB program, searched in `$PATH` and the sbin folders.
    static func findExecutable(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin", "/usr/bin"]
        for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
            return folder + "/" + name
        }
        throw LocalServerError(
            code: .executableNotFound, message: "\(name) is not installed (apt-get install mariadb-server)")
    }
}

/// What the data directory remembers about its server.
struct ServerState: Codable, Sendable {
    var port: Int
    var socket: String
}
