import Accounts
import Foundation
import MariaDB

/// Remembers verified keys for a few seconds, so a busy client does not cost a query per request.
/// A revoked key stops working within `lifetime`.
///
/// `@unchecked Sendable`: `entries` is only touched under `lock`.
final class APIKeyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (key: APIKeyStore.Key, expires: ContinuousClock.Instant)] = [:]
    private let lifetime: Duration

    init(lifetime: Duration = .seconds(5)) {
        self.lifetime = lifetime
    }

    /// The live key `presented` is, from the cache or the database.
    func verify(_ presented: String, pool: ConnectionPool) throws -> APIKeyStore.Key? {
        let digest = Secrets.sha256(presented)
        let now = ContinuousClock.now
        if let entry = lock.withLock({ entries[digest] }), entry.expires > now { return entry.key }
        guard let key = try pool.withConnection({ try APIKeyStore().verify(presented, on: $0) }) else { return nil }
        lock.withLock {
            if entries.count > 10_000 { entries.removeAll() }
            entries[digest] = (key, now + lifetime)
        }
        return key
    }
}
