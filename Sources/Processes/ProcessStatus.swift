import Foundation
public import Glibc

/// Questions about processes this one did not necessarily start.
public enum ProcessStatus {
    /// Whether a process with this id runs. A zombie does not: a server killed with SIGKILL stays one
    /// until its parent reaps it, and where that parent is an init that never reaps (some
    /// containers), its pid file would otherwise keep it from being started again.
    public static func isRunning(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { return false }
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let nameEnd = stat.lastIndex(of: ")")
        else { return true }
        return !stat[nameEnd...].hasPrefix(") Z")
    }

    /// Checks `done` every `interval` until it returns true or `clock` reaches `deadline`, and says
    /// whether it did. For what happens in another process and has no event this one can wait on
    /// (a server's socket starting to accept, a process that is not our child exiting).
    public static func poll<C: Clock>(
        until deadline: C.Instant, on clock: C, every interval: Duration, _ done: () throws -> Bool
    ) rethrows -> Bool where C.Duration == Duration {
        while true {
            if try done() { return true }
            guard clock.now < deadline else { return false }
            let (seconds, attoseconds) = min(interval, clock.now.duration(to: deadline)).components
            var pause = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
            var remaining = timespec()
            while nanosleep(&pause, &remaining) < 0 && errno == EINTR { pause = remaining }
        }
    }
}
