import Avro
import Foundation
import Testing
import TestSupport

/// Independent checks with Python's fastavro, run through `SLUICE_PYTHON` (see ``runPythonScript(_:_:)``).
@Suite("Interoperability with fastavro")
struct AvroFastavroTests {
    @Test("fastavro reads our file: logical type, metadata, count and values")
    func fastavroReadsOurFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/employees.avro"
            let writer = try AvroFileWriter(
                path: path, schema: try AvroSchema(json: employeeSchemaJSON), codec: .deflate,
                metadata: ["sluice.table": "hired_employees", "sluice.dictionary_version": "3"])
            for index in 0..<1_000 {
                try writer.append { record in
                    try record.setLong(field: 0, Int64(index))
                    try record.setString(field: 1, index == 1 ? "Zoë 東京" : "employee \(index)")
                    if index == 2 {
                        try record.setNull(field: 2)
                    } else {
                        try record.setLong(field: 2, 1_636_253_322_000_000)
                    }
                    try record.setLong(field: 3, Int64(index % 12))
                    if index % 2 == 0 { try record.setLong(field: 4, Int64(index % 183)) }
                }
            }
            try writer.close()

            let output = try runPythonScript("read_summary.py", [path, "3"])
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            #expect(summary["codec"] as? String == "deflate")
            #expect(summary["count"] as? Int == 1_000)
            let metadata = try #require(summary["metadata"] as? [String: String])
            #expect(metadata == ["sluice.table": "hired_employees", "sluice.dictionary_version": "3"])
            let schema = try #require(summary["schema"] as? [String: Any])
            let fields = try #require(schema["fields"] as? [[String: Any]])
            let datetimeType = try #require(fields[2]["type"] as? [Any])
            #expect((datetimeType[1] as? [String: Any])?["logicalType"] as? String == "timestamp-micros")
            let records = try #require(summary["records"] as? [[String: Any]])
            #expect(records[0]["datetime"] as? String == "2021-11-07T02:48:42+00:00")
            #expect(records[1]["name"] as? String == "Zoë 東京")
            #expect(records[1]["job_id"] is NSNull)
            #expect(records[2]["datetime"] is NSNull)
            #expect(records[2]["job_id"] as? Int == 2)
        }
    }

    @Test("we read fastavro's Glue-shaped file with a Sluice reader schema")
    func weReadGlueFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/glue.avro"
            _ = try runPythonScript("write_glue.py", [path])
            let readerSchema = try AvroSchema(
                json: """
                    {"type":"record","name":"hired_employees","namespace":"sluice","fields":[
                      {"name":"id","type":"long"},
                      {"name":"name","type":["null","string"]},
                      {"name":"datetime","type":["null","string"]},
                      {"name":"department_id","type":["null","long"]},
                      {"name":"job_id","type":["null","long"]}
                    ]}
                    """)
            let reader = try AvroFileReader(path: path, readerSchema: readerSchema)
            #expect(reader.writerSchema.fullName == "root.DynamicRecord")
            #expect(reader.metadata["avro.codec"] == "deflate")
            var rows: [String] = []
            while let record = try reader.next() {
                let values = try (0..<5).map { field -> String in
                    if try record.isNull(field: field) { return "null" }
                    return try field == 1 || field == 2
                        ? record.string(field: field) ?? "?" : String(record.long(field: field) ?? -1)
                }
                rows.append(values.joined(separator: "|"))
            }
            #expect(
                rows == [
                    "1|Harold Vogt|2021-11-07 02:48:42.0|2|96",
                    "2|Ty Hofer|2021-05-30 05:43:46.0|8|null",
                    "3|null|null|null|null",
                    "4|Zoë Ñúñez 東京|2021-02-02 12:00:00.0|5|52",
                ])
        }
    }
}
