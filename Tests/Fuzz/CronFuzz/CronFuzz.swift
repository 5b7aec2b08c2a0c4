import Foundation
import FuzzReplay
import Jobs

/// libFuzzer's entry point: parses the input as a cron expression and, when it parses, asks for its
/// next two instants in UTC and in a zone with daylight saving time. Nothing may crash or hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCron(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let cron = try? CronExpression(parsing: text) else { return 0 }
    for zone in [TimeZone(identifier: "UTC"), TimeZone(identifier: "Europe/Paris")].compactMap({ $0 }) {
        if let first = cron.next(after: Date(timeIntervalSince1970: 1_700_000_000), in: zone) {
            _ = cron.next(after: first, in: zone)
        }
    }
    return 0
}

#if FUZZING
    /// The entry SwiftPM links as `main`: hands over to libFuzzer's driver.
    @_cdecl("CronFuzz_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        runFuzzer(argc, argv, fuzzCron)
    }
#else
    /// Without libFuzzer (`make fuzz` builds with `-DFUZZING`): runs the entry point over each file
    /// named on the command line, to replay a corpus or a crash.
    @main enum Replay {
        static func main() throws { try replayFiles(CommandLine.arguments.dropFirst(), into: fuzzCron) }
    }
#endif
