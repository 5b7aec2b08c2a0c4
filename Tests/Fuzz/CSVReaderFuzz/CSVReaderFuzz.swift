import CSV
import FuzzReplay

/// libFuzzer's entry point: reads every record of the input (with a 64-byte record limit, so the
/// long-record path is reached too). The reader must never crash or hang, whatever the bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var options = CSVOptions()
    options.maxRecordBytes = 64
    let reader = CSVReader(bytes: Array(UnsafeBufferPointer(start: data, count: size)), options: options)
    while case .some(.some) = try? reader.next() {}
    return 0
}

#if FUZZING
    /// The entry SwiftPM links as `main`: hands over to libFuzzer's driver.
    @_cdecl("CSVReaderFuzz_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        runFuzzer(argc, argv, fuzzCSVReader)
    }
#else
    /// Without libFuzzer (`make fuzz` builds with `-DFUZZING`): runs the entry point over each file
    /// named on the command line, to replay a corpus or a crash.
    @main enum Replay {
        static func main() throws { try replayFiles(CommandLine.arguments.dropFirst(), into: fuzzCSVReader) }
    }
#endif
