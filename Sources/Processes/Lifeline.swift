import Errors
import Foundation

/// A pipe that tells children when their parent is gone: the parent keeps the write end (and never
/// writes), each child gets the read end, and the kernel closes the write end when the parent dies
/// however it dies, so the child's `poll(2)` on the read end wakes with a hang-up.
///
/// `Sendable`: both descriptors are immutable.
public final class Lifeline: Sendable {
    /// The environment variable that names the read end's number in a child.
    public static let environmentKey = "SLUICE_LIFELINE_FD"
    /// The descriptor number the read end gets in a child.
    public static let childDescriptor: Int32 = 3

    /// The read end, to pass to children as ``childDescriptor``.
    public let readEnd: Int32
    private let writeEnd: Int32

    /// Opens the pipe; both ends close on exec, so only children it is passed to explicitly get it.
    /// - Throws: ``ProcessError`` `spawn_failed`.
    public init() throws {
        let fds = try closeOnExecPipe()
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// The file action and environment entry that hand the read end to a child.
    public var childFiles: (files: [Int32: ProcessSpec.FileAction], environment: [String: String]) {
        ([Self.childDescriptor: .descriptor(readEnd)], [Self.environmentKey: String(Self.childDescriptor)])
    }

    /// In a child: if `environment` names a lifeline, calls `parentGone` on a thread of its own once
    /// the parent is gone. The thread waits on the event (`poll(2)` on the read end), not a timer.
    public static func watch(environment: [String: String], parentGone: @escaping @Sendable () -> Void) {
        guard let text = environment[environmentKey], let fd = Int32(text) else { return }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let thread = Thread {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            while Glibc.poll(&entry, 1, -1) < 0 && errno == EINTR {}
            parentGone()
        }
        thread.name = "sluice.lifeline"
        thread.start()
    }
}

/// A pipe whose ends close on exec. Set after `pipe`, not atomically (Swift does not see `pipe2`):
/// only the thread that spawns workers opens these, so no spawn of its own races the two calls.
public func closeOnExecPipe() throws -> [Int32] {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw ProcessError(.spawnFailed, "pipe: \(String(cString: strerror(errno)))") }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return fds
}
