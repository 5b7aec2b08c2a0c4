import Foundation
import JSON

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The self-check's HTTP client: one blocking request at a time, timed, with the key as a Bearer
/// token. A 2xx answer passes.
struct CheckClient: Sendable {
    let baseURL: String
    let key: String?
    var timeout: TimeInterval = 10

    /// Sends one request and reports it as the check `name`, with the body answered.
    func send(_ name: String, _ method: String, _ path: String, body: [UInt8]?) -> (
        result: SelfCheck.Result, body: [UInt8]
    ) {
        guard let url = URL(string: baseURL + path) else {
            return (.init(name: name, passed: false, status: 0, milliseconds: 0, detail: "bad URL"), [])
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        let started = ContinuousClock.now
        let answer = Answer()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            answer.set(
                status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data.map(Array.init) ?? [],
                error: error.map { "\($0.localizedDescription)" })
            done.signal()
        }.resume()
        done.wait()
        let elapsed = ContinuousClock.now - started
        let milliseconds = Int(
            elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        let (status, bytes, error) = answer.get()
        let passed = (200..<300).contains(status)
        let detail =
            passed ? nil : error ?? Self.errorMessage(bytes).map { "\(status): \($0)" } ?? "HTTP status \(status)"
        return (.init(name: name, passed: passed, status: status, milliseconds: milliseconds, detail: detail), bytes)
    }

    /// The `message` of an API error body, if the body is one.
    private static func errorMessage(_ body: [UInt8]) -> String? {
        struct Envelope: Decodable {
            struct Fields: Decodable { let message: String }
            let error: Fields
        }
        return (try? JSON.decode(Envelope.self, from: Data(body)))?.error.message
    }

    /// The answer of one request, handed from URLSession's queue to the waiting thread.
    ///
    /// `@unchecked Sendable`: every field is read and written under `lock`.
    private final class Answer: @unchecked Sendable {
        private let lock = NSLock()
        private var value: (Int, [UInt8], String?) = (0, [], nil)

        func set(status: Int, body: [UInt8], error: String?) { lock.withLock { value = (status, body, error) } }
        func get() -> (Int, [UInt8], String?) { lock.withLock { value } }
    }
}
