import Foundation
import Processes
import Testing

/// The spawner against real programs (no shell, no fixed sleeps: `wait()` blocks on the exit).
@Suite struct ChildProcessTests {
    @Test func exitStatusAndSignalAreReported() throws {
        #expect(try ChildProcess.spawn(ProcessSpec(executable: "/bin/true")).wait() == .exited(0))
        #expect(try ChildProcess.spawn(ProcessSpec(executable: "/bin/false")).wait() == .exited(1))
        let sleeper = try ChildProcess.spawn(
            ProcessSpec(executable: "/bin/sleep", arguments: ["30"], grouping: .newGroup))
        #expect(sleeper.poll() == nil)
        sleeper.signalGroup(SIGTERM)
        #expect(sleeper.wait() == .signalled(SIGTERM))
        #expect(sleeper.poll() == .signalled(SIGTERM))
    }

    @Test func waitingUntilExitedLeavesTheChildToPoll() throws {
        let child = try ChildProcess.spawn(ProcessSpec(executable: "/bin/sh", arguments: ["-c", "exit 3"]))
        child.waitUntilExited()
        #expect(child.poll() == .exited(3))
        child.waitUntilExited()
    }

    @Test func outputGoesToTheNamedFileAndTheEnvironmentIsPassed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let spec = ProcessSpec(
            executable: "/usr/bin/env", environment: ["GREETING": "hello"],
            files: [0: .devNull, 1: .file(path, append: false), 2: .descriptor(1)])
        #expect(try ChildProcess.spawn(spec).wait() == .exited(0))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "GREETING=hello\n")
    }

    @Test func aMissingProgramIsSpawnFailed() {
        #expect(throws: ProcessError.self) { try ChildProcess.spawn(ProcessSpec(executable: "/nonexistent/program")) }
    }

    @Test func aChildGetsTheLifelineAsDescriptorThree() throws {
        let lifeline = try Lifeline()
        let handed = lifeline.childFiles
        let spec = ProcessSpec(
            executable: "/bin/ls", arguments: ["/proc/self/fd/3"], environment: handed.environment,
            files: [0: .devNull, 1: .devNull, 2: .devNull].merging(handed.files) { $1 })
        #expect(try ChildProcess.spawn(spec).wait() == .exited(0))
        #expect(handed.environment == [Lifeline.environmentKey: "3"])
    }
}
