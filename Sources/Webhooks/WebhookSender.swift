public import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Delivers a JSON body to webhooks: one POST per URL, each on its own task so the caller never
/// waits, retried with exponential backoff when the receiver cannot be reached or answers 408, 429
/// or 5xx. Every attempt is reported in one line (status or error), the URL shown by its scheme and
/// host only, since webhook URLs often carry a secret in their path.
///
/// The HTTP client is Foundation's `URLSession` (libcurl underneath).
public struct WebhookSender: Sendable {
    /// The most attempts per URL.
    public var attempts: Int
    /// The wait after the first failed attempt; doubled after each further one.
    public var firstBackoff: Duration
    /// How long one attempt may take.
    public var timeout: Duration

    /// Creates a sender: by default 5 attempts per URL, waiting 4, 8, 16 and 32 s between them
    /// (a minute in all), each attempt bounded by 10 s.
    public init(attempts: Int = 5, firstBackoff: Duration = .seconds(4), timeout: Duration = .seconds(10)) {
        self.attempts = max(1, attempts)
        self.firstBackoff = firstBackoff
        self.timeout = timeout
    }

    /// Starts delivering `body` (JSON) to each of `urls` and returns at once; `report` gets one line
    /// per attempt, from the delivering task.
    public func send(_ body: [UInt8], to urls: [URL], report: @escaping @Sendable (String) -> Void) {
        for url in urls {
            Task.detached { await deliver(body, to: url, report: report) }
        }
    }

    /// POSTs `body` to `url` until it is accepted (2xx), refused for good (another status), or the
    /// attempts run out; returns whether it was accepted.
    @discardableResult
    public func deliver(_ body: [UInt8], to url: URL, report: @Sendable (String) -> Void) async -> Bool {
        let shown = Self.shown(url)
        var backoff = firstBackoff
        for attempt in 1...attempts {
            let outcome = await post(body, to: url)
            let retry = outcome.retryable && attempt < attempts
            let next = retry ? "; retrying in \(Self.seconds(backoff)) s" : outcome.accepted ? "" : "; giving up"
            report("webhook \(shown) attempt \(attempt) of \(attempts): \(outcome.text)\(next)")
            if outcome.accepted { return true }
            guard retry else { return false }
            try? await Task.sleep(for: backoff)
            backoff *= 2
        }
        return false
    }

    /// What one POST came to.
    private struct Outcome {
        var text: String
        var accepted: Bool
        var retryable: Bool
    }

    private func post(_ body: [UInt8], to url: URL) async -> Outcome {
        var request = URLRequest(url: url, timeoutInterval: Double(timeout.components.seconds))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Sluice", forHTTPHeaderField: "User-Agent")
        request.httpBody = Data(body)
        do {
            let (_, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let text = "HTTP \(status) \(HTTPURLResponse.localizedString(forStatusCode: status))"
            return Outcome(
                text: text, accepted: (200..<300).contains(status),
                retryable: status >= 500 || status == 408 || status == 429)
        } catch {
            return Outcome(text: "error: \(error.localizedDescription)", accepted: false, retryable: true)
        }
    }

    /// `scheme://host[:port]/…`: enough to tell webhooks apart without writing a secret path to a log.
    static func shown(_ url: URL) -> String {
        let port = url.port.map { ":\($0)" } ?? ""
        let path = url.path.isEmpty || url.path == "/" ? "" : "/…"
        return "\(url.scheme ?? "http")://\(url.host ?? "")\(port)\(path)"
    }

    private static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
