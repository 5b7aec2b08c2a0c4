import Foundation
import JSON

extension JobDefinitionParser {
    /// Reads `"notify": {"webhooks": [URL, ...], "onSuccess": false}`; a URL that is not an absolute
    /// http or https URL with a host is refused with `invalid_params` naming it (`notify.webhooks[1]`).
    func notify(_ value: JSONValue) throws -> JobDefinition.Notify {
        guard let object = value.object else {
            throw fail(
                "notify", #"must be an object {"webhooks": [URL, ...], "onSuccess": false}"#, code: .invalidParams)
        }
        for key in object.keys.sorted() where !["webhooks", "onSuccess"].contains(key) {
            throw fail("notify", "unknown field '\(key)' (known: onSuccess, webhooks)", code: .invalidParams)
        }
        var notify = JobDefinition.Notify()
        switch object["onSuccess"] {
        case nil: break
        case .bool(let flag)?: notify.onSuccess = flag
        default: throw fail("notify", "notify.onSuccess must be true or false", code: .invalidParams)
        }
        guard let list = object["webhooks"] else { return notify }
        guard case .array(let items) = list, items.count <= Self.mostWebhooks else {
            throw fail(
                "notify", "notify.webhooks must be a list of at most \(Self.mostWebhooks) URLs", code: .invalidParams)
        }
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item, let url = URL(string: text),
                let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
                let host = url.host, !host.isEmpty
            else {
                throw fail(
                    "notify", "notify.webhooks[\(index)] must be an http or https URL with a host", code: .invalidParams
                )
            }
            notify.webhooks.append(url)
        }
        return notify
    }

    /// The most webhooks a schedule may name.
    static let mostWebhooks = 10
}
