import Errors
import Foundation

/// A worker process spawned with `posix_spawn` (no shell) in a process group of its own, its
/// stdout and stderr read line by line on two threads.
///
/// `@unchecked Sendable`: `pid` is immutable and the captured lines sit behind `lock`.
final class ChildProcess: @unchecked Sendable {
    /// The process id, which is also its process group id.
    let pid: pid_t
    private let lock = NSLock()
    private var lines: [(stream: String, line: String)] = []
    private var openStreams = 2
    private var outcome: ProcessOutcome?

    private init(pid: pid_t) { self.pid = pid }

    /// Starts `executable` with `arguments` and `environment`; throws `spawn_failed`.
    static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> ChildProcess
    {
        var out: [Int32] = [0, 0]
        var err: [Int32] = [0, 0]
        guard makePipe(&out) else { throw JobsError(.spawnFailed, "pipe: errno \(errno)") }
        guard makePipe(&err) else {
            close(out[0]); close(out[1])
            throw JobsError(.spawnFailed, "pipe: errno \(errno)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(out[1])
        close(err[1])
        guard status == 0 else {
            close(out[0]); close(err[0])
            throw JobsError(.spawnFailed, "posix_spawn \(executable): errno \(status)")
        }
        let child = ChildProcess(pid: pid)
        child.read(out[0], stream: "stdout")
        child.read(err[0], stream: "stderr")
        return child
    }

    /// A pipe whose ends close on exec (only the scheduler thread spawns, so no other spawn races it).
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// Sends `signal` to the child's whole process group.
    func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
    }

    /// Reaps the child if it has exited (without blocking) and says how it ended.
    func poll() -> ProcessOutcome? {
        if let outcome = lock.withLock({ outcome }) { return outcome }
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        guard reaped == pid else {
            // ECHILD: reaped elsewhere; report it as gone rather than waiting forever.
            return reaped < 0 && errno == ECHILD ? record(.exited(-1)) : nil
        }
        let signal = status & 0x7f
        return record(signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal))
    }

    private func record(_ ended: ProcessOutcome) -> ProcessOutcome {
        lock.withLock { outcome = ended }
        return ended
    }

    /// Whether both output streams reached their end (every line was captured).
    var outputClosed: Bool { lock.withLock { openStreams == 0 } }

    /// The lines captured since the last call.
    func takeLines() -> [(stream: String, line: String)] {
        lock.withLock {
            defer { lines.removeAll(keepingCapacity: true) }
            return lines
        }
    }

    private func read(_ fd: Int32, stream: String) {
        let thread = Thread { [self] in
            var lineSplitter = LogLines()
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                let captured = lineSplitter.append(buffer[0..<count]).map { (stream: stream, line: $0) }
                if !captured.isEmpty { lock.withLock { lines += captured } }
            }
            close(fd)
            lock.withLock {
                lines += lineSplitter.finish().map { (stream: stream, line: $0) }
                openStreams -= 1
            }
        }
        thread.start()
    }
}
