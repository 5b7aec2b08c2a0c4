import API
import BatchIngest
import DataDictionary
import FuzzReplay

/// The product's data dictionary (`sql/dictionary.json`), whose tables the batches are decoded for.
private let dictionary = productDictionary()

/// libFuzzer's entry point: the first byte picks the table (low bits), the media type (JSON or
/// CSV) and the CSV header flag; the rest is the body of `POST /api/v1/tables/{table}/rows`. It is
/// decoded as the ingest route does, then every row is validated and its raw form rebuilt, as a
/// rejected row's is. Nothing may crash, hang or allocate without bound.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBatchDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0]
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let table = dictionary.tables[Int(selector & 0x0F) % dictionary.tables.count]
    let contentType = selector & 0x10 == 0 ? "application/json" : "text/csv; charset=utf-8"
    let decoder = BatchDecoder(table: table)
    guard let rows = try? decoder.decode(body: body, contentType: contentType, csvHeader: selector & 0x20 != 0)
    else { return 0 }
    let validator = RowValidator(table: table)
    for row in rows {
        _ = row.raw()
        switch row.fields {
        case .positional(let fields): _ = validator.validate(fields: fields)
        case .named(let fields): _ = validator.validate(named: fields)
        }
    }
    return 0
}

#if FUZZING
    /// The entry SwiftPM links as `main`: hands over to libFuzzer's driver.
    @_cdecl("BatchDecoderFuzz_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        runFuzzer(argc, argv, fuzzBatchDecoder)
    }
#else
    /// Without libFuzzer (`make fuzz` builds with `-DFUZZING`): runs the entry point over each file
    /// named on the command line, to replay a corpus or a crash.
    @main enum Replay {
        static func main() throws { try replayFiles(CommandLine.arguments.dropFirst(), into: fuzzBatchDecoder) }
    }
#endif
