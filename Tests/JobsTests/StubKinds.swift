import Errors
import Jobs

/// Kinds that check parameters like the shipped ones but do nothing, for loading job files.
enum StubKinds {
    struct Migrate: JobKind {
        static let name = "migrate"
        struct Params: JobParameters {
            var table: String
            var file: String
        }
        func run(_ params: Params, in context: JobContext) throws -> [String: Int] { [:] }
    }

    struct Backup: JobKind {
        static let name = "backup"
        struct Params: JobParameters {
            var codec: String?
            func validate() throws {
                if let codec, codec == "lzma" { throw JobsError(.invalidParams, "field 'codec': not lzma") }
            }
        }
        func run(_ params: Params, in context: JobContext) throws -> [String: Int] { [:] }
    }

    struct Prune: JobKind {
        static let name = "prune"
        struct Params: JobParameters { var days: Int? }
        func run(_ params: Params, in context: JobContext) throws -> [String: Int] { [:] }
    }

    static let registry = JobKindRegistry().adding(Migrate()).adding(Backup()).adding(Prune())
}
