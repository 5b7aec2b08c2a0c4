public import Foundation

/// A test set-up problem, reported as the test's failure.
public struct FixtureError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    /// Creates the error.
    public init(_ description: String) { self.description = description }
}

/// Polls `condition` every `interval` seconds until it holds or `timeout` seconds pass; returns
/// whether it held. The way a test waits for what another process does, instead of a fixed sleep.
public func waitUntil(
    _ timeout: TimeInterval, every interval: TimeInterval = 0.05, _ condition: () throws -> Bool
) rethrows -> Bool {
    let deadline = Date() + timeout
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: interval)
    }
    return try condition()
}
