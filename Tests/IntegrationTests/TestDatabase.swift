import Foundation
import MariaDB
import Testing
import TestSupport

/// A fresh test database with the challenge data migrated, and a temporary data directory; `body`
/// gets the connection, the arguments every `sluice` command takes (`--database-url`, `--data-dir`)
/// and the directory.
func withChallengeData(_ body: (Connection, [String], String) throws -> Void) throws {
    try withTestDatabase { connection, url in
        try withTemporaryDirectory { folder in
            let base = ["--database-url", url.connectionString, "--data-dir", folder]
            #expect(
                try SluiceBinary.run(["migrate", "--dir", ChallengeMigrationTests.challengeFolder] + base).status == 0)
            try body(connection, base, folder)
        }
    }
}
