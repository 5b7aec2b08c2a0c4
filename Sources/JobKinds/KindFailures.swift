import Errors
import Jobs
import Loading
import Offsite
import Restore

/// Turns the errors of the pipelines the kinds run into `JobFailure`s, which say whether a retry
/// could help.
enum KindFailures {
    /// Runs `body`; a restore error is permanent (the same file fails the same way again), an
    /// ingestion error is retryable, and so is an off-site one unless the backup is not there.
    static func classify<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RestoreError {
            throw JobFailure(error, isPermanent: true)
        } catch let error as IngestError {
            throw JobFailure(error, isPermanent: false)
        } catch let error as OffsiteError {
            throw JobFailure(error, isPermanent: [.notFound, .invalidRemote].contains(error.code))
        }
    }
}
