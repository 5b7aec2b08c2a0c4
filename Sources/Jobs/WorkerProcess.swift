import Foundation
import Processes

/// A worker process in a process group of its own, its stdout and stderr read line by line on two
/// threads, with the scheduler's lifeline as descriptor 3 (so it dies with the scheduler).
///
/// `@unchecked Sendable`: `process` is immutable and Sendable; the captured lines sit behind `lock`.
final class WorkerProcess: @unchecked Sendable {
    private let process: ChildProcess
    private let lock = NSLock()
    private var lines: [(stream: String, line: String)] = []
    private var openStreams = 2

    /// The process id, which is also its process group id.
    var pid: pid_t { process.pid }

    private init(process: ChildProcess) { self.process = process }

    /// Starts `executable` with `arguments` and `environment`; `ended` is called (on a reader
    /// thread) once both output streams have ended and the process has exited, so a `poll()` then
    /// reaps it. Throws `spawn_failed`.
    static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String], lifeline: Lifeline,
        ended: @escaping @Sendable () -> Void
    ) throws -> WorkerProcess {
        let out = try closeOnExecPipe()
        let err: [Int32]
        do { err = try closeOnExecPipe() } catch {
            out.forEach { close($0) }
            throw error
        }
        let handed = lifeline.childFiles
        let spec = ProcessSpec(
            executable: executable, arguments: arguments,
            environment: environment.merging(handed.environment) { $1 },
            files: [0: .devNull, 1: .descriptor(out[1]), 2: .descriptor(err[1])].merging(handed.files) { $1 },
            grouping: .newGroup)
        let process: ChildProcess
        do { process = try ChildProcess.spawn(spec) } catch {
            (out + err).forEach { close($0) }
            throw error
        }
        close(out[1])
        close(err[1])
        let worker = WorkerProcess(process: process)
        worker.read(out[0], stream: "stdout", ended)
        worker.read(err[0], stream: "stderr", ended)
        return worker
    }

    /// Sends `signal` to the worker's whole process group.
    func signalGroup(_ signal: Int32) { process.signalGroup(signal) }

    /// Reaps the worker if it has exited (without blocking) and says how it ended.
    func poll() -> ProcessOutcome? { process.poll() }

    /// Whether both output streams reached their end (every line was captured).
    var outputClosed: Bool { lock.withLock { openStreams == 0 } }

    /// The lines captured since the last call.
    func takeLines() -> [(stream: String, line: String)] {
        lock.withLock {
            defer { lines.removeAll(keepingCapacity: true) }
            return lines
        }
    }

    private func read(_ fd: Int32, stream: String, _ ended: @escaping @Sendable () -> Void) {
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
            let closed = lock.withLock {
                lines += lineSplitter.finish().map { (stream: stream, line: $0) }
                openStreams -= 1
                return openStreams == 0
            }
            // The pipes close a moment before the process can be reaped: wait for that, so the
            // scheduler woken now finds it exited instead of sleeping a whole tick.
            guard closed else { return }
            process.waitUntilExited()
            ended()
        }
        thread.start()
    }
}
