import Foundation
import Testing

/// The bytes of the file at `path`.
func contents(of path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path))
}

/// Writes `data` to `path`.
func write(_ data: Data, to path: String) throws {
    try data.write(to: URL(fileURLWithPath: path))
}

/// Errors of the Python helper.
struct PythonError: Error, CustomStringConvertible {
    let description: String
}

/// Runs a script from `Scripts/` with the Python named by `SLUICE_PYTHON` and returns its standard output.
///
/// The fastavro checks never pass silently: without `SLUICE_PYTHON` (a Python with `fastavro` installed, e.g.
/// `python3 -m venv /tmp/avro-venv && /tmp/avro-venv/bin/pip install fastavro`) they fail with this message.
func runPythonScript(_ name: String, _ arguments: [String]) throws -> String {
    guard let python = ProcessInfo.processInfo.environment["SLUICE_PYTHON"], !python.isEmpty else {
        throw PythonError(
            description: "SLUICE_PYTHON is not set: point it at a Python with fastavro installed "
                + "(python3 -m venv /tmp/avro-venv && /tmp/avro-venv/bin/pip install fastavro; "
                + "SLUICE_PYTHON=/tmp/avro-venv/bin/python)")
    }
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Scripts").appendingPathComponent(name)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [script.path] + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = errors.fileHandleForReading.readDataToEndOfFile()
    // Foundation's waitUntilExit can miss an exit on Linux when many children run at once: poll waitpid too.
    var status: Int32 = 0
    while process.isRunning && waitpid(process.processIdentifier, &status, WNOHANG) != process.processIdentifier {
        Thread.sleep(forTimeInterval: 0.01)
    }
    let exitCode = process.isRunning ? (status >> 8) & 0xff : process.terminationStatus
    guard exitCode == 0 else {
        throw PythonError(
            description: "\(name) exited with \(exitCode): "
                + String(decoding: errData, as: UTF8.self))
    }
    return String(decoding: outData, as: UTF8.self)
}

/// A record schema with every primitive type, nullable unions and a timestamp-micros logical type.
let allTypesSchemaJSON = """
    {"type":"record","name":"AllTypes","namespace":"sluice.test","fields":[
      {"name":"id","type":"long"},
      {"name":"small","type":"int"},
      {"name":"ratio","type":"double"},
      {"name":"single","type":"float"},
      {"name":"flag","type":"boolean"},
      {"name":"name","type":"string"},
      {"name":"blob","type":"bytes"},
      {"name":"created","type":{"type":"long","logicalType":"timestamp-micros"}},
      {"name":"maybe_long","type":["null","long"]},
      {"name":"maybe_text","type":["null","string"]},
      {"name":"maybe_time","type":["null",{"type":"long","logicalType":"timestamp-micros"}]}
    ]}
    """

/// The five-column shape of a Sluice backup (long, string, long timestamp-micros, long, long).
let employeeSchemaJSON = """
    {"type":"record","name":"hired_employees","namespace":"sluice","fields":[
      {"name":"id","type":"long"},
      {"name":"name","type":["null","string"]},
      {"name":"datetime","type":["null",{"type":"long","logicalType":"timestamp-micros"}]},
      {"name":"department_id","type":["null","long"]},
      {"name":"job_id","type":["null","long"]}
    ]}
    """
