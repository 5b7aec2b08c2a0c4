import API
import DataDictionary
import Errors
import JSON
import Jobs
import Loading
import MariaDB
import Reports
import Testing

/// How a module's error reaches an API client: one status and code per error, in one place.
@Suite struct APIErrorMappingTests {
    @Test(arguments: [
        (DictionaryError(.unknownTable, "no table x") as any Error, 404, "unknown_table"),
        (DictionaryError(.unknownColumn, "no column y"), 400, "unknown_column"),
        (JobsError(.notFound, "no job run 7"), 404, "not_found"),
        (JobsError(.invalidState, "run 7 is done"), 409, "invalid_state"),
        (JobsError(.nameTaken, "a job file has the name"), 409, "name_taken"),
        (JobsError(.unknownTimezone, "Mars/Olympus"), 400, "unknown_timezone"),
        (JobsError(.invalidParams, "field 'table': required"), 400, "invalid_params"),
        (ReportError(.unknownReport, "no report z"), 404, "unknown_report"),
        (ReportError(.invalidParameter, "year must be a whole number"), 400, "invalid_parameter"),
        (ReportError(.replicaLagging, "the reports replica is 40 s behind"), 503, "replica_lagging"),
        (ReportError(.replicaUnavailable, "the reports replica cannot be asked"), 503, "replica_unavailable"),
        (MariaDBError(.connectionLost, "Lost connection"), 503, "database_unavailable"),
        (MariaDBError(.duplicateEntry, "Duplicate entry"), 503, "internal_error"),
        (APIError("batch_empty", status: 400, "no rows"), 400, "batch_empty"),
        (IngestError(.tooManyRejects, "3 of 10"), 503, "internal_error"),
    ])
    func eachErrorHasOneAnswer(error: any Error, status: Int, code: String) {
        let answer = APIError(mapping: error)
        #expect(answer.status == status && answer.code.rawValue == code)
    }

    @Test func aModuleErrorKeepsItsMessage() throws {
        let answer = APIError(mapping: JobsError(.invalidState, "run 7 is done"))
        let body = try JSON.decode(JSONValue.self, from: answer.body)
        #expect(body.object?["error"]?.object?["message"] == .string("run 7 is done"))
        #expect(answer.description == "invalid_state: run 7 is done")
    }
}
