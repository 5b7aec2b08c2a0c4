/// What to start: the program, its arguments and environment, its file descriptors and its process group.
public struct ProcessSpec: Sendable {
    /// Where one of the child's file descriptors points.
    public enum FileAction: Sendable, Equatable {
        /// `/dev/null`, opened for reading and writing.
        case devNull
        /// A file opened for writing (created if missing), appended to or truncated.
        case file(String, append: Bool)
        /// A copy of one of this process's descriptors (e.g. a pipe's write end).
        case descriptor(Int32)
    }

    /// The process group or session the child runs in.
    public enum Grouping: Sendable, Equatable {
        /// This process's group: a Ctrl-C in the terminal reaches it too.
        case inherit
        /// A new process group led by the child, so a signal to the group reaches its descendants.
        case newGroup
        /// A new session (and group): it outlives this process and its terminal.
        case newSession
    }

    /// The program's absolute path (no `$PATH` search, no shell).
    public var executable: String
    /// The arguments after the program name.
    public var arguments: [String]
    /// The environment; nil passes this process's own.
    public var environment: [String: String]?
    /// The child's descriptors, by number; those not listed are inherited unless close-on-exec.
    public var files: [Int32: FileAction]
    /// The group or session the child runs in.
    public var grouping: Grouping

    /// Creates a spec; by default stdin is `/dev/null`, stdout and stderr are inherited.
    public init(
        executable: String, arguments: [String] = [], environment: [String: String]? = nil,
        files: [Int32: FileAction] = [0: .devNull], grouping: Grouping = .inherit
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.files = files
        self.grouping = grouping
    }
}

/// How a process ended.
public enum ProcessOutcome: Sendable, Equatable {
    /// It exited with this status.
    case exited(Int32)
    /// A signal killed it.
    case signalled(Int32)

    /// Decodes a `waitpid` status.
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }
}
