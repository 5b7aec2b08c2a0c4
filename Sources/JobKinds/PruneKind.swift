import Errors
public import Jobs

/// The `prune` kind: deletes runs (and their logs) older than `"days"` (default 30).
public struct PruneKind: JobKind {
    /// `prune`.
    public static let name = "prune"

    /// The parameters of a prune.
    public struct Params: JobParameters {
        /// Runs older than this many days are deleted.
        public var days: Int?

        /// The age is not negative.
        public func validate() throws {
            if let days, days < 0 { throw JobsError(.invalidParams, "field 'days': must be 0 or more") }
        }
    }

    /// What a prune deleted.
    public struct Summary: Encodable {
        /// The age limit in days.
        public var days: Int
        /// How many runs were deleted.
        public var runsDeleted: Int
    }

    /// A prune kind.
    public init() {}

    /// Deletes the old runs.
    public func run(_ params: Params, in context: JobContext) throws -> Summary {
        let days = params.days ?? 30
        return Summary(days: days, runsDeleted: try context.store.prune(olderThanDays: days))
    }
}
