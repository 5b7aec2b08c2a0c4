import Foundation
import MariaDB
import Testing
import TestSupport

/// `ConnectionPool.withDeadline`: one deadline for every database wait of a unit of work.
@Suite struct ConnectionPoolDeadlineTests {
    @Test func aStatementStillRunningAtTheDeadlineIsCutOffAndThePoolServesAfter() throws {
        try withTestDatabase { _, url in
            let pool = ConnectionPool(url: url, maxIdle: 2, timeoutSeconds: 2)
            let start = ContinuousClock.now
            let error = #expect(throws: MariaDBError.self) {
                try pool.withDeadline {
                    // Two waits in turn, each shorter than the timeout, share its one deadline.
                    try pool.withConnection { _ = try $0.query("SELECT SLEEP(1.5)") }
                    try pool.withConnection { _ = try $0.query("SELECT SLEEP(1.5)") }
                }
            }
            #expect(error?.code == .connectionLost)
            let took = start.duration(to: .now)
            #expect(took >= .seconds(2) && took < .seconds(3), "cut off after \(took)")
            let after = try pool.withConnection { try $0.query("SELECT 1") }
            #expect(after == [[.int(1)]], "the pool serves after the cut")
        }
    }
}
