import Foundation

/// Runs a producer on a thread of its own and keeps up to `depth` of its results ready, so reading
/// and validating the next batch overlaps with the database loading the current one (or fetching
/// the next rows overlaps with encoding the current ones).
///
/// The producer either returns one element per call (`produce`) or pushes elements as they come
/// (`feed`, for sources that call back, like a query's rows); pushing waits while `depth` elements
/// are ready and throws once the consumer has cancelled.
///
/// `@unchecked Sendable`: all shared state (`buffer`, `ended`, `failure`, `cancelled`) is guarded by
/// `condition`; the producer closure is only ever called on the producer thread.
public final class Prefetcher<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let depth: Int
    private var buffer: [Element] = []
    private var ended = false
    private var failure: (any Error)?
    private var cancelled = false
    private let producerDone = DispatchSemaphore(value: 0)

    /// Starts pushing: `feed` calls its argument with each element; its return (or error) ends production.
    public init(depth: Int, feed: @escaping (_ put: (Element) throws -> Void) throws -> Void) {
        self.depth = depth
        let producer = UncheckedTransfer(feed)
        let thread = Thread { [self] in
            let result = Result { try producer.value(self.put) }
            condition.withLock {
                ended = true
                if case .failure(let error) = result, !(error is CancellationError) { failure = error }
                condition.broadcast()
            }
            producerDone.signal()
        }
        thread.name = "sluice.prefetch"
        thread.start()
    }

    /// Starts producing: `produce` returns nil at the end; a thrown error also ends production.
    public convenience init(depth: Int, produce: @escaping () throws -> Element?) {
        let producer = UncheckedTransfer(produce)
        self.init(depth: depth) { put in
            while let element = try producer.value() { try put(element) }
        }
    }

    private func put(_ element: Element) throws {
        try condition.withLock {
            while buffer.count >= depth && !cancelled { condition.wait() }
            guard !cancelled else { throw CancellationError() }
            buffer.append(element)
            condition.broadcast()
        }
    }

    /// The next element, waiting for it if needed; nil at the end. Rethrows the producer's error.
    public func next() throws -> Element? {
        try condition.withLock {
            while buffer.isEmpty && !ended && !cancelled { condition.wait() }
            if !buffer.isEmpty {
                condition.broadcast()
                return buffer.removeFirst()
            }
            if let failure { throw failure }
            return nil
        }
    }

    /// Stops production; the producer thread exits after the element it is working on.
    public func cancel() {
        condition.withLock {
            cancelled = true
            buffer.removeAll()
            condition.broadcast()
        }
    }

    /// Stops production and waits until the producer has returned, so what it used is free again.
    public func cancelAndWait() {
        cancel()
        producerDone.wait()
        producerDone.signal()  // a second call returns at once
    }
}

/// Moves a non-Sendable value to another thread that becomes its only user.
///
/// `@unchecked Sendable`: the creator hands the value over and never touches it again (or not
/// before that thread is done with it).
public struct UncheckedTransfer<Value>: @unchecked Sendable {
    /// The value.
    public let value: Value
    /// Wraps `value` for the move.
    public init(_ value: Value) { self.value = value }
}
