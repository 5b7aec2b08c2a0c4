import API
import DataDictionary
import FuzzReplay
import MicroHTTPD
import Rows

/// The product's data dictionary (`sql/dictionary.json`), for the rows routes' query parameters.
private let dictionary = productDictionary()

/// libFuzzer's entry point for what Swift decodes of a request's target and form-part headers.
/// The input is read as libmicrohttpd hands it over (a C string, repaired as UTF-8): its first line
/// is the request target, split at `?` into the path and the query, the query at `&` and `=` with
/// `+` as a space (libmicrohttpd's part; escapes are kept for Swift). Then, as the server does:
/// strict percent-decoding of the path and of every name and value, the route lookup, a rows
/// query (filters, sort, paging) on each table from the parameters. The second line is a file
/// part's file name and content type, kept as upload metadata. Nothing may crash or hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestTarget(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size).prefix { $0 != 0 }
    let lines = String(decoding: bytes, as: UTF8.self).split(
        separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    if lines.count > 1 {
        _ = UploadMetadata.fileName(String(lines[1]))
        _ = UploadMetadata.printable(String(lines[1]))
    }
    let target = lines[0].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    guard let path = PercentDecoding.decode(target[0].utf8) else { return 0 }
    var query: [String: String] = [:]
    for argument in target.count > 1 ? target[1].split(separator: "&") : [] {
        let pair = argument.replacing("+", with: " ").split(
            separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard let name = PercentDecoding.decode(pair[0].utf8),
            let value = PercentDecoding.decode(pair.count > 1 ? pair[1].utf8 : Substring().utf8)
        else { return 0 }
        query[name] = query[name] ?? value
    }
    for method in ["GET", "POST", "PATCH"] { _ = Route.all.match(method: method, path: path) }
    for table in dictionary.tables { _ = try? RowQuery(table: table, parameters: query) }
    return 0
}

#if FUZZING
    /// The entry SwiftPM links as `main`: hands over to libFuzzer's driver.
    @_cdecl("RequestTargetFuzz_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        runFuzzer(argc, argv, fuzzRequestTarget)
    }
#else
    /// Without libFuzzer (`make fuzz` builds with `-DFUZZING`): runs the entry point over each file
    /// named on the command line, to replay a corpus or a crash.
    @main enum Replay {
        static func main() throws { try replayFiles(CommandLine.arguments.dropFirst(), into: fuzzRequestTarget) }
    }
#endif
