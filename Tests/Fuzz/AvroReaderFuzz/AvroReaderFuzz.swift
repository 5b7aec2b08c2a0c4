import Avro
import Foundation
import FuzzReplay

/// The file each input is written to: avro-c reads files, not memory.
private let path = NSTemporaryDirectory() + "/sluice-avro-fuzz-\(getpid()).avro"

/// A reader schema like the one a restore of `hired_employees` uses on a foreign file: every field
/// nullable, so writer files with or without unions (and `int` for `long`) resolve against it.
private let readerSchemaJSON = #"""
    {"type":"record","name":"hired_employees","namespace":"sluice","fields":[
    {"name":"id","type":["null","long"]},{"name":"name","type":["null","string"]},
    {"name":"datetime","type":["null",{"type":"long","logicalType":"timestamp-micros"}]},
    {"name":"department_id","type":["null","long"]},{"name":"job_id","type":["null","long"]}]}
    """#

/// libFuzzer's entry point: the input is an Avro object container file from anywhere. It is
/// opened as written and with the reader schema, and every field of every record is read with the
/// getter its type calls for; then read by the direct reader a restore uses. Errors are expected; a crash, a hang or an unbounded allocation is not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAvroReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size)) else { return 0 }
    defer { try? FileManager.default.removeItem(atPath: path) }
    readEveryField(readerSchema: nil)
    readEveryField(readerSchema: try? AvroSchema(json: readerSchemaJSON))
    readDirectly()
    return 0
}

/// Reads every field of every record of the file at ``path``, stopping at the first error.
private func readEveryField(readerSchema: AvroSchema?) {
    guard let reader = try? AvroFileReader(path: path, readerSchema: readerSchema) else { return }
    while let record = try? reader.next() {
        for field in 0..<record.count {
            switch try? record.typeName(field: field) {
            case "int", "long": _ = try? record.long(field: field)
            case "float", "double": _ = try? record.double(field: field)
            case "boolean": _ = try? record.bool(field: field)
            case "string": _ = try? record.string(field: field)
            case "bytes", "fixed": _ = try? record.bytes(field: field)
            default: _ = try? record.isNull(field: field)
            }
        }
    }
}

/// Reads every record of the file at ``path`` with ``AvroDirectReader``, stopping at the first error.
private func readDirectly() {
    let names = ["id", "name", "datetime", "department_id", "job_id"]
    guard let reader = try? AvroDirectReader(path: path, fields: names) else { return }
    while (try? reader.next()) == true {
        for case .string(let bytes) in reader.cells { _ = String(decoding: bytes, as: UTF8.self) }
    }
}

#if FUZZING
    /// The entry SwiftPM links as `main`: hands over to libFuzzer's driver.
    @_cdecl("AvroReaderFuzz_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        runFuzzer(argc, argv, fuzzAvroReader)
    }
#else
    /// Without libFuzzer (`make fuzz` builds with `-DFUZZING`): runs the entry point over each file
    /// named on the command line, to replay a corpus or a crash.
    @main enum Replay {
        static func main() throws { try replayFiles(CommandLine.arguments.dropFirst(), into: fuzzAvroReader) }
    }
#endif
