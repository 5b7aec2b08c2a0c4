public import Errors

/// The codes of the jobs subsystem's errors.
public enum JobsErrorDomain: ErrorDomain {}

/// An error of the jobs subsystem, with a stable machine-readable code.
public typealias JobsError = CodedError<JobsErrorDomain>

extension ErrorCode where Domain == JobsErrorDomain {
    /// A job definition file is not valid JSON or misses or mistypes a field.
    @inlinable
    public static var invalidDefinition: Self { "invalid_job_definition" }
    /// A schedule expression cannot be parsed.
    @inlinable
    public static var invalidSchedule: Self { "invalid_schedule" }
    /// A time zone is not an IANA time zone name.
    @inlinable
    public static var unknownTimezone: Self { "unknown_timezone" }
    /// A stored schedule would take a name that a job file or another schedule has.
    @inlinable
    public static var nameTaken: Self { "name_taken" }
    /// No job definition, run or schedule has that name or id.
    @inlinable
    public static var notFound: Self { "not_found" }
    /// The run is not in a state that allows the operation.
    @inlinable
    public static var invalidState: Self { "invalid_state" }
    /// No registered kind has that name.
    @inlinable
    public static var unknownKind: Self { "unknown_kind" }
    /// A job's parameters are missing or wrong for its kind.
    @inlinable
    public static var invalidParams: Self { "invalid_params" }
    /// The database is a Galera node set up so that the claim protocol cannot run each run once.
    @inlinable
    public static var galeraUnsupported: Self { "galera_unsupported" }
}
