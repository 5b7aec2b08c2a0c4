import Foundation
import Jobs

/// The test-only `sleep` kind: `{"seconds": S}`, and `"ignoreTerm": true` to ignore SIGTERM (to test
/// the SIGKILL after the grace period).
struct SleepKind: JobKind {
    static let name = "sleep"

    struct Params: JobParameters {
        var seconds: Double?
        var ignoreTerm: Bool?
    }

    struct Summary: Encodable {
        var slept: Double
    }

    func run(_ params: Params, in context: JobContext) throws -> Summary {
        let seconds = params.seconds ?? 1
        if params.ignoreTerm == true { signal(SIGTERM, SIG_IGN) }
        context.say("sleeping \(seconds)s")
        Thread.sleep(forTimeInterval: seconds)
        return Summary(slept: seconds)
    }
}
