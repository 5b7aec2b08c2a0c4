import Foundation

/// Runs a producer on a thread of its own and keeps up to `depth` of its results ready, so reading
/// and validating the next batch overlaps with the database loading the current one.
///
/// `@unchecked Sendable`: all shared state (`buffer`, `cancelled`, `finished`) is guarded by
/// `condition`; the producer closure is only ever called on the producer thread.
public final class Prefetcher<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var buffer: [Result<Element?, any Error>] = []
    private var cancelled = false
    private var finished = false

    /// Starts producing. `produce` returns nil at the end; a thrown error also ends production.
    public init(depth: Int, produce: @escaping () throws -> Element?) {
        let producer = UncheckedTransfer(produce)
        let thread = Thread { [self] in self.run(producer.value, depth: depth) }
        thread.name = "sluice.prefetch"
        thread.start()
    }

    private func run(_ produce: () throws -> Element?, depth: Int) {
        while true {
            let result = Result { try produce() }
            condition.lock()
            while buffer.count >= depth && !cancelled { condition.wait() }
            if cancelled {
                condition.unlock()
                return
            }
            buffer.append(result)
            condition.broadcast()
            condition.unlock()
            guard case .success(.some) = result else { return }
        }
    }

    /// The next element, waiting for it if needed; nil at the end. Rethrows the producer's error.
    public func next() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        if finished { return nil }
        while buffer.isEmpty { condition.wait() }
        let result = buffer.removeFirst()
        condition.broadcast()
        if case .success(.some) = result {} else { finished = true }
        return try result.get()
    }

    /// Stops production; the producer thread exits after the element it is working on.
    public func cancel() {
        condition.lock()
        cancelled = true
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Moves a non-Sendable value to another thread that becomes its only user.
///
/// `@unchecked Sendable`: the creator hands the value over and never touches it again.
struct UncheckedTransfer<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
