import Errors
public import Glibc
import Synchronization

/// A process this one started with ``spawn(_:)``: the one way Sluice starts programs (`posix_spawn`,
/// no shell). Its owner reaps it with ``poll()`` (never blocks) or ``wait()`` (blocks the thread).
///
/// `Sendable`: `pid` is immutable and the recorded outcome sits behind a `Mutex`.
public final class ChildProcess: Sendable {
    /// The process id (also the group id with ``ProcessSpec/Grouping/newGroup`` or `newSession`).
    public let pid: pid_t
    private let outcome = Mutex<ProcessOutcome?>(nil)

    private init(pid: pid_t) { self.pid = pid }

    /// Starts the program `spec` describes; its signal dispositions and mask are reset to the
    /// defaults, whatever this process ignores or blocks.
    /// - Throws: ``ProcessError`` `spawn_failed`.
    public static func spawn(_ spec: ProcessSpec) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (fd, action) in spec.files.sorted(by: { $0.key < $1.key }) {
            switch action {
            case .devNull: posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0)
            case .file(let path, let append):
                let mode = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC)
                posix_spawn_file_actions_addopen(&actions, fd, path, mode, 0o644)
            case .descriptor(let source): posix_spawn_file_actions_adddup2(&actions, source, fd)
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (glibc >= 2.26) is hidden behind _GNU_SOURCE, so Swift does not see its name.
        let setSID: Int32 = 0x80
        let grouping: Int32 =
            switch spec.grouping {
            case .inherit: 0
            case .newGroup: POSIX_SPAWN_SETPGROUP
            case .newSession: setSID
            }
        posix_spawnattr_setflags(&attributes, Int16(grouping | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGQUIT, SIGPIPE, SIGHUP, SIGCHLD, SIGUSR1, SIGUSR2] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        let argv = ([spec.executable] + spec.arguments).map { strdup($0) } + [nil]
        let envp = spec.environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { (argv + (envp ?? [])).forEach { free($0) } }
        var pid: pid_t = 0
        let status =
            if var envp {
                posix_spawn(&pid, spec.executable, &actions, &attributes, argv, &envp)
            } else {
                posix_spawn(&pid, spec.executable, &actions, &attributes, argv, environ)
            }
        guard status == 0 else {
            throw ProcessError(.spawnFailed, "cannot start \(spec.executable): \(String(cString: strerror(status)))")
        }
        return ChildProcess(pid: pid)
    }

    /// Reaps the child if it has exited (without blocking) and says how it ended.
    public func poll() -> ProcessOutcome? {
        reap(options: WNOHANG)
    }

    /// Blocks the calling thread until the child exits (never call it on the cooperative pool).
    public func wait() -> ProcessOutcome {
        while true {
            if let outcome = reap(options: 0) { return outcome }
        }
    }

    /// Blocks the calling thread until the child has exited, without reaping it, so that `poll()`
    /// then reports how it ended; returns at once if it was reaped already.
    public func waitUntilExited() {
        guard outcome.withLock({ $0 }) == nil else { return }
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
    }

    private func reap(options: Int32) -> ProcessOutcome? {
        if let outcome = outcome.withLock({ $0 }) { return outcome }
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, options)
        if reaped == pid { return record(ProcessOutcome(waitStatus: status)) }
        // ECHILD: reaped elsewhere; report it as gone rather than waiting forever.
        if reaped < 0 && errno == ECHILD { return record(.exited(-1)) }
        return nil
    }

    private func record(_ ended: ProcessOutcome) -> ProcessOutcome {
        outcome.withLock { $0 = ended }
        return ended
    }

    /// Sends `signal` to the child's whole process group (spawned with `newGroup` or `newSession`).
    public func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
    }
}
