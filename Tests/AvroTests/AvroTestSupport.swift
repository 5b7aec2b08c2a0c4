import Foundation
import Processes
import TestSupport
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
    return try withTemporaryDirectory { folder in
        let outPath = folder + "/stdout"
        let errPath = folder + "/stderr"
        let child = try ChildProcess.spawn(
            ProcessSpec(
                executable: python, arguments: [script.path] + arguments,
                files: [0: .devNull, 1: .file(outPath, append: false), 2: .file(errPath, append: false)],
                grouping: .newGroup))
        guard waitUntil(300, { child.poll() != nil }) else {
            child.signalGroup(SIGKILL)
            _ = child.wait()
            throw PythonError(description: "\(name) still ran after 300 s")
        }
        guard child.poll() == .exited(0) else {
            throw PythonError(
                description: "\(name) ended with \(String(describing: child.poll())): "
                    + String(decoding: try contents(of: errPath), as: UTF8.self))
        }
        return String(decoding: try contents(of: outPath), as: UTF8.self)
    }
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
