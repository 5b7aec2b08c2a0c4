public import Foundation

/// Who this process is among the Sluice processes sharing one database: its host, pid, start and
/// version, under an id no other process has (`host:pid:random`).
///
/// Every role a process plays (the API, a scheduler) registers under the same id, and a scheduler
/// claims runs with it as the lease owner, so the Hosts page links a host to the runs it lost.
public struct HostIdentity: Sendable, Equatable {
    /// The version this build of Sluice reports on the Hosts page.
    public static let version = "1.0.0"

    /// This process's identity, made once.
    public static let current = HostIdentity(
        hostName: ProcessInfo.processInfo.hostName, pid: getpid(), started: Date())

    /// `host:pid:random`, unique to this process.
    public let id: String
    /// The host name (`gethostname`).
    public let hostName: String
    /// The process id.
    public let pid: Int32
    /// When the process started.
    public let started: Date
    /// The version running.
    public let version: String

    /// An identity for the process `pid` on `hostName`, started at `started`, with a new random id.
    public init(hostName: String, pid: Int32, started: Date, version: String = Self.version) {
        self.id = "\(hostName):\(pid):\(UInt32.random(in: 0...UInt32.max))"
        self.hostName = hostName
        self.pid = pid
        self.started = started
        self.version = version
    }
}
