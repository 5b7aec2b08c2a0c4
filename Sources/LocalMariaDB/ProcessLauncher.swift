import Errors
import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Starts the server as a detached process: its own session (so a Ctrl-C or the exit of the
/// command that started it does not reach it), stdin from /dev/null, output to a log file. No shell.
enum ProcessLauncher {
    static func spawnDetached(executable: String, arguments: [String], logFile: String) throws -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (glibc >= 2.26) is hidden behind _GNU_SOURCE, so Swift does not see its name.
        let spawnSetSID: Int16 = 0x80
        posix_spawnattr_setflags(&attributes, spawnSetSID)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw LocalServerError(
                code: .serverStartFailed, message: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return pid
    }

    /// Whether a process with this id runs. A zombie does not: a server killed with SIGKILL stays one
    /// until its parent reaps it, and where that parent is an init that never reaps (some
    /// containers), its pid file would otherwise keep `db start` from starting it again.
    static func isAlive(_ pid: Int32) -> Bool {
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { return false }
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let nameEnd = stat.lastIndex(of: ")")
        else { return true }
        return !stat[nameEnd...].hasPrefix(") Z")
    }
}

/// Finds free loopback TCP ports.
enum PortProbe {
    static func freePort() throws -> Int {
        for _ in 0..<20 {
            if let port = bind(port: 0) { return port }
        }
        throw LocalServerError(code: .noFreePort, message: "no free TCP port on 127.0.0.1")
    }

    static func isFree(_ port: Int) -> Bool { bind(port: port) != nil }

    /// Binds a socket to 127.0.0.1:`port` and returns the port bound, or nil.
    private static func bind(port: Int) -> Int? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                Glibc.bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}
