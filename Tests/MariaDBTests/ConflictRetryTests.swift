import Errors
import MariaDB
import Testing

/// Work that loses a conflict runs again; other errors, and the last attempt's, reach the caller.
@Suite struct ConflictRetryTests {
    let quick = ConflictRetry(attempts: 4, firstWait: 0.0001, longestWait: 0.0004)
    let conflict = MariaDBError(.deadlock, sqlState: "40001", "Deadlock found when trying to get lock")

    @Test func workThatLosesConflictsRunsAgainUntilItSucceeds() throws {
        var runs = 0
        var retried = 0
        let result = try quick.run(
            {
                runs += 1
                if runs < 3 { throw conflict }
                return "done"
            }, retried: { _ in retried += 1 })
        #expect(result == "done" && runs == 3 && retried == 2)
    }

    @Test func otherErrorsAreNotRetried() {
        var runs = 0
        #expect(throws: MariaDBError(.duplicateEntry, "Duplicate entry")) {
            try quick.run {
                runs += 1
                throw MariaDBError(.duplicateEntry, "Duplicate entry")
            }
        }
        #expect(runs == 1)
    }

    @Test func theLastAttemptsConflictIsThrown() {
        var runs = 0
        #expect(throws: conflict) {
            try quick.run {
                runs += 1
                throw conflict
            }
        }
        #expect(runs == 4)
    }
}
