import Accounts
import DataDictionary
import Errors
import Jobs
import MariaDB
import Offsite
import Reports
import Rows

extension APIError {
    /// The one place that decides how an error thrown while answering a request reaches the client:
    /// an ``APIError`` as it is, a module's error with its own code and the status that goes with it,
    /// a database outage (or a row lock not granted in time, or a conflict lost on every retry) as 503
    /// `database_unavailable`, and anything else as 503 `internal_error`
    /// (the caller logs those, since the client learns nothing of them).
    public init(mapping error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as MariaDBError
        where error.isConnectionError || [.lockWaitTimeout, .deadlock].contains(error.code):
            self.init(.databaseUnavailable, status: 503, "the database is unavailable; retry later")
        case let error as DictionaryError:
            self.init(error, status: error.code == .unknownTable ? 404 : 400)
        case let error as JobsError:
            self.init(
                error,
                status: [.notFound: 404, .invalidState: 409, .nameTaken: 409, .galeraUnsupported: 503][error.code]
                    ?? 400)
        case let error as RowsError:
            self.init(error, status: [.rowNotFound: 404, .preconditionFailed: 412][error.code] ?? 400)
        case let error as AccountsError:
            let statuses: [AccountsError.Code: Int] = [
                .userExists: 409, .userNotFound: 404, .invalidCredentials: 401, .lastAdmin: 409,
            ]
            self.init(error, status: statuses[error.code] ?? 400)
        case let error as ReportError:
            let statuses: [ReportError.Code: Int] = [
                .unknownReport: 404, .replicaLagging: 503, .replicaUnavailable: 503,
            ]
            self.init(error, status: statuses[error.code] ?? 400)
        case let error as OffsiteError:
            self.init(error, status: [.invalidRemote: 400, .notFound: 404][error.code] ?? 502)
        default:
            self.init(.internalError, status: 503, "the request could not be completed; retry later")
        }
    }

    /// A module's error answered with its own code and message.
    private init<Domain>(_ error: CodedError<Domain>, status: Int) where Domain.RawCode == String {
        self.init(Code(rawValue: error.code.rawValue), status: status, error.message)
    }
}
