public import Foundation

/// A test set-up problem, reported as the test's failure.
public struct FixtureError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    /// Creates the error.
    public init(_ description: String) { self.description = description }
}

/// Polls `condition` every 50 ms until it holds or `timeout` seconds pass; returns whether it held.
/// The way a test waits for what another process does, instead of a fixed sleep.
public func waitUntil(_ timeout: TimeInterval, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date() + timeout
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.05)
    }
    return try condition()
}

/// Polls `condition` every `interval` like ``waitUntil(_:_:)`` but sleeps the task, not the thread:
/// for a test that waits on a task of its own, which must get a cooperative thread while other
/// suites hold theirs.
public func suspendUntil(
    _ timeout: TimeInterval, every interval: Duration, _ condition: () throws -> Bool
) async throws -> Bool {
    let deadline = Date() + timeout
    while Date() < deadline {
        if try condition() { return true }
        try await Task.sleep(for: interval)
    }
    return try condition()
}
