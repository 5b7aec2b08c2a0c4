import Foundation
import Jobs

/// The test-only `sleep` kind: `{"seconds": S}`, `"ignoreTerm": true` to ignore SIGTERM (to test
/// the SIGKILL after the grace period), and `"fail": true` to fail after the sleep.
struct SleepKind: JobKind {
    static let name = "sleep"

    struct Params: JobParameters {
        var seconds: Double?
        var ignoreTerm: Bool?
        var fail: Bool?
    }

    /// The failure `"fail": true` asks for.
    struct Failure: Error, CustomStringConvertible {
        var description: String { "asked to fail" }
    }

    struct Summary: Encodable {
        var slept: Double
    }

    func run(_ params: Params, in context: JobContext) throws -> Summary {
        let seconds = params.seconds ?? 1
        if params.ignoreTerm == true { signal(SIGTERM, SIG_IGN) }
        context.say("sleeping \(seconds)s")
        Thread.sleep(forTimeInterval: seconds)
        if params.fail == true { throw Failure() }
        return Summary(slept: seconds)
    }
}
