import Foundation
public import Errors
public import Jobs
public import SelfCheck

/// The `check` kind: `sluice check` as a job, so it can be scheduled. The run fails (naming the
/// failed checks) unless every check passes; its summary holds every check's result.
public struct CheckKind: JobKind {
    /// `check`.
    public static let name = "check"

    /// Where the service is and the key to use (default: `$SLUICE_API_KEY`, so no key sits in a job file).
    public struct Params: JobParameters {
        /// The service's base URL (default `http://127.0.0.1:8080`).
        public var url: String?
        /// The API key; better given as `$SLUICE_API_KEY` in the scheduler's environment.
        public var key: String?

        /// The URL is an http(s) URL.
        public func validate() throws {
            if let url, URL(string: url)?.scheme.map({ ["http", "https"].contains($0) }) != true {
                throw JobsError(.invalidParams, "field 'url': must be an http or https URL")
            }
        }
    }

    /// Every check's result, and how many failed.
    public struct Summary: Encodable {
        /// The URL checked.
        public var url: String
        /// How many checks failed.
        public var failed: Int
        /// Each check, in order.
        public var checks: [SelfCheck.Result]
    }

    /// A check kind.
    public init() {}

    /// Runs the checks; throws a `check_failed` failure naming the failed checks.
    public func run(_ params: Params, in context: JobContext) throws -> Summary {
        let url = params.url ?? "http://127.0.0.1:8080"
        let results = SelfCheck(baseURL: url, key: params.key ?? ProcessInfo.processInfo.environment["SLUICE_API_KEY"])
            .run()
        context.say(SelfCheck.Result.table(results))
        let failed = results.filter { !$0.passed }
        guard failed.isEmpty else {
            throw JobFailure(
                CheckError(.checkFailed, "failed checks: " + failed.map(\.name).joined(separator: ", ")),
                isPermanent: false)
        }
        return Summary(url: url, failed: 0, checks: results)
    }
}

/// The codes of the `check` kind's failures.
public enum CheckErrorDomain: ErrorDomain {}

/// A failure of the `check` kind.
public typealias CheckError = CodedError<CheckErrorDomain>

extension ErrorCode where Domain == CheckErrorDomain {
    /// One or more checks failed (the message names them).
    @inlinable
    public static var checkFailed: Self { "check_failed" }
}
