import Errors
import Foundation
import Processes

/// Starts the server as a detached process: its own session (so a Ctrl-C or the exit of the
/// command that started it does not reach it), stdin from /dev/null, output to a log file. No shell.
enum ProcessLauncher {
    static func spawnDetached(executable: String, arguments: [String], logFile: String) throws -> ChildProcess {
        do {
            return try ChildProcess.spawn(
                ProcessSpec(
                    executable: executable, arguments: arguments,
                    files: [0: .devNull, 1: .file(logFile, append: true), 2: .descriptor(1)], grouping: .newSession))
        } catch let error as ProcessError {
            throw LocalServerError(code: .serverStartFailed, message: error.message)
        }
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
