import Foundation
import Testing
import TestSupport

/// Runs the built `sluice` binary (path in `$SLUICE_BIN`) and captures what it printed.
enum SluiceBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var path: String {
        get throws {
            guard let path = ProcessInfo.processInfo.environment["SLUICE_BIN"], !path.isEmpty else {
                throw FixtureError("SLUICE_BIN is not set: run the tests with `make test`")
            }
            return path
        }
    }

    /// Runs the test binary with `arguments` (for jobs of the test-only kinds).
    @discardableResult
    static func runTest(_ arguments: [String]) throws -> Result {
        try run(arguments, binary: try testPath)
    }

    /// The test binary: `sluice` plus the test-only job kinds (`sleep`), `$SLUICE_TEST_BIN` or
    /// `sluice-test` next to `$SLUICE_BIN`.
    static var testPath: String {
        get throws {
            if let path = ProcessInfo.processInfo.environment["SLUICE_TEST_BIN"], !path.isEmpty { return path }
            return URL(fileURLWithPath: try path).deletingLastPathComponent().appendingPathComponent("sluice-test").path
        }
    }

    /// Runs `sluice` (or `binary`) with `arguments` and `input` on its standard input, reading its
    /// output while it runs, and waits for it to exit.
    @discardableResult
    static func run(
        _ arguments: [String], binary: String? = nil, environment: [String: String] = [:], input: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary ?? path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let stdout = Locked(Data())
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stdout.set(out.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        return Result(
            status: exitStatus(of: process), stdout: String(decoding: stdout.get(), as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// Waits for `process` to exit and returns its status. Polls `waitpid` as well as Foundation, because
/// Foundation's `waitUntilExit` on Linux can miss a child's exit when many children run at once.
func exitStatus(of process: Process) -> Int32 {
    while process.isRunning {
        var status: Int32 = 0
        if waitpid(process.processIdentifier, &status, WNOHANG) == process.processIdentifier {
            let signal = status & 0x7f
            return signal == 0 ? (status >> 8) & 0xff : 128 + signal
        }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return process.terminationStatus
}

/// A value shared between threads under a lock.
final class Locked<Value>: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func get() -> Value { lock.withLock { value } }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    /// Changes the value in place under the lock: a read and a write no other thread comes between.
    func update(_ change: (inout Value) -> Void) { lock.withLock { change(&value) } }
}
