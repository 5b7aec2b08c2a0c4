import Foundation
import MariaDB
import Testing
import TestSupport

/// Restores from Avro files other tools write (fastavro here, shaped as AWS Glue and Spark write
/// them): fields matched by name whatever the record's name and field order, `int` into `long`,
/// nullable unions, extra fields ignored, datetimes as strings or `timestamp-millis`; files that do
/// not fit are refused naming the field, and rows that break the dictionary are rejects.
@Suite struct ForeignAvroRestoreTests {
    static let writer = """
        import fastavro, json, sys
        spec = json.loads(sys.argv[2])
        with open(sys.argv[1], "wb") as out:
            fastavro.writer(out, fastavro.parse_schema(spec["schema"]), spec["records"], codec=spec.get("codec", "null"))
        """

    /// Writes `records` (JSON array) with `schema` (JSON) to `path` with fastavro.
    static func writeAvro(_ path: String, schema: String, records: String, codec: String = "deflate") throws {
        guard let python = ProcessInfo.processInfo.environment["SLUICE_PYTHON"] else {
            throw FixtureError("SLUICE_PYTHON (a python with fastavro) is not set: run the tests with `make test`")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            "-c", writer, path, #"{"schema": \#(schema), "records": \#(records), "codec": "\#(codec)"}"#,
        ]
        try process.run()
        #expect(exitStatus(of: process) == 0)
    }

    static let glueSchema = """
        {"type": "record", "name": "DynamicRecord", "namespace": "root", "fields": [
          {"name": "job_id", "type": ["null", "int"]}, {"name": "name", "type": ["null", "string"]},
          {"name": "datetime", "type": ["null", "string"]}, {"name": "id", "type": "int"},
          {"name": "department_id", "type": ["null", "long"]}, {"name": "ingested_by", "type": "string"}]}
        """

    static let sparkSchema = """
        {"type": "record", "name": "topLevelRecord", "fields": [
          {"name": "id", "type": "long"}, {"name": "name", "type": ["string", "null"]},
          {"name": "datetime", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}]},
          {"name": "department_id", "type": "long"}, {"name": "job_id", "type": "long"}]}
        """

    @Test func aGlueFileWithStringDatetimesRestoresByFieldName() throws {
        try withChallengeData { connection, base, folder in
            try Self.writeAvro(
                folder + "/glue.avro", schema: Self.glueSchema,
                records: """
                    [{"id": 1, "name": "Ada", "datetime": "2021-11-07 02:48:42.0", "department_id": 1, "job_id": 2, "ingested_by": "glue"},
                     {"id": 2, "name": "Bo", "datetime": "2021-11-07T04:48:42+02:00", "department_id": 2, "job_id": 3, "ingested_by": "glue"},
                     {"id": 3, "name": "Cy", "datetime": "2021-11-07T02:48:42Z", "department_id": 3, "job_id": 4, "ingested_by": "glue"}]
                    """)
            let restored = try SluiceBinary.run(
                ["restore", "--table", "hired_employees", "--from", folder + "/glue.avro"] + base)
            #expect(restored.status == 0, "\(restored.stderr)")
            let rows = try connection.query(
                "SELECT id, name, DATE_FORMAT(datetime, '%Y-%m-%d %H:%i:%s'), department_id, job_id FROM hired_employees ORDER BY id"
            )
            #expect(
                rows.map { $0.map(\.description) } == [
                    ["1", "Ada", "2021-11-07 02:48:42", "1", "2"], ["2", "Bo", "2021-11-07 02:48:42", "2", "3"],
                    ["3", "Cy", "2021-11-07 02:48:42", "3", "4"],
                ])
        }
    }

    @Test func aSparkFileWithTimestampMillisRestores() throws {
        try withChallengeData { connection, base, folder in
            try Self.writeAvro(
                folder + "/spark.avro",
                schema: Self.sparkSchema,
                records: #"[{"id": 7, "name": "Di", "datetime": 1636253322000, "department_id": 5, "job_id": 6}]"#,
                codec: "snappy")
            let restored = try SluiceBinary.run(
                ["restore", "--table", "hired_employees", "--from", folder + "/spark.avro"] + base)
            #expect(restored.status == 0, "\(restored.stderr)")
            #expect(
                try connection.query("SELECT DATE_FORMAT(datetime, '%Y-%m-%d %H:%i:%s') FROM hired_employees")[0][0]
                    .description
                    == "2021-11-07 02:48:42")
        }
    }

    @Test func aFieldOfTheWrongTypeOrAMissingFieldIsRefusedByName() throws {
        try withChallengeData { connection, base, folder in
            let before = try RestoreFailureTests.checksum(connection, "hired_employees")
            try Self.writeAvro(
                folder + "/wrong.avro",
                schema:
                    #"{"type": "record", "name": "r", "fields": [{"name": "id", "type": "string"}, {"name": "job", "type": "string"}]}"#,
                records: #"[{"id": "one", "job": "Cook"}]"#)
            let wrong = try SluiceBinary.run(["restore", "--table", "jobs", "--from", folder + "/wrong.avro"] + base)
            #expect(
                wrong.status == 3 && wrong.stderr.contains("schema_mismatch") && wrong.stderr.contains("'id'"),
                "\(wrong.stderr)")
            try Self.writeAvro(
                folder + "/missing.avro",
                schema: #"{"type": "record", "name": "r", "fields": [{"name": "id", "type": "long"}]}"#,
                records: #"[{"id": 1}]"#)
            let missing = try SluiceBinary.run(
                ["restore", "--table", "jobs", "--from", folder + "/missing.avro"] + base)
            #expect(
                missing.status == 3 && missing.stderr.contains("field_missing") && missing.stderr.contains("'job'"),
                "\(missing.stderr)")
            #expect(try RestoreFailureTests.checksum(connection, "hired_employees") == before)
        }
    }

    @Test func rowsThatBreakTheDictionaryAreRejectsAllowedOnlyByMaxRejects() throws {
        try withChallengeData { connection, base, folder in
            // 10 rows: one with no name, one with an impossible date, one whose department does not exist.
            var records: [String] = []
            for id in 1...10 {
                let name = id == 4 ? "" : "P\(id)"
                let datetime = id == 5 ? "2021-02-30 10:00:00" : "2021-03-0\(id % 9 + 1) 10:00:00"
                let department = id == 6 ? 999 : 1
                records.append(
                    #"{"id": \#(id), "name": "\#(name)", "datetime": "\#(datetime)", "department_id": \#(department), "job_id": 1, "ingested_by": "x"}"#
                )
            }
            try Self.writeAvro(
                folder + "/rows.avro", schema: Self.glueSchema, records: "[" + records.joined(separator: ",") + "]")
            let before = try RestoreFailureTests.checksum(connection, "hired_employees")
            let arguments = ["restore", "--table", "hired_employees", "--from", folder + "/rows.avro"] + base
            let refused = try SluiceBinary.run(arguments)
            #expect(refused.status == 3 && refused.stderr.contains("rows_rejected"), "\(refused.stderr)")
            #expect(refused.stderr.contains("row 4") && refused.stderr.contains("row 5"), "\(refused.stderr)")
            let tooFew = try SluiceBinary.run(arguments + ["--max-rejects", "20%"])
            #expect(tooFew.status == 3 && tooFew.stderr.contains("rows_rejected"), "\(tooFew.stderr)")
            #expect(try RestoreFailureTests.checksum(connection, "hired_employees") == before)

            let allowed = try SluiceBinary.run(arguments + ["--max-rejects", "3"])
            #expect(
                allowed.status == 0 && allowed.stdout.contains("restored 7 rows, 3 rejected"),
                "\(allowed.stdout) \(allowed.stderr)")
            #expect(try connection.query("SELECT COUNT(*) FROM hired_employees")[0][0] == .int(7))
            let logged = try connection.query(
                "SELECT position, JSON_VALUE(reasons, '$[0].rule') FROM sluice_rejects WHERE origin = 'restore' ORDER BY position"
            )
            #expect(
                logged.map { $0.map(\.description) } == [
                    ["4", "required"], ["5", "timestamp"], ["6", "foreign_key"],
                ])
        }
    }

    /// A restore decides most rows from their typed values and leaves the others to the dictionary's validator:
    /// values at each edge of the rules get the same verdict either way.
    @Test func valuesAtTheEdgesOfTheRulesGetTheValidatorsVerdict() throws {
        try withChallengeData { connection, base, folder in
            let (ok, long, wide) = ("Ok", String(repeating: "x", count: 256), String(repeating: "é", count: 255))
            let rows: [(Int, String, Int64)] = [
                (0, ok, 1_636_253_322_000), (2, long, 1_636_253_322_000), (3, "   ", 1_636_253_322_000),
                (4, ok, -30_610_224_001_000), (5, ok, 253_402_300_800_000), (6, ok, 253_402_300_799_000),
                (7, wide, 1_636_253_322_000), (8, ok, -30_610_224_000_000),
            ]
            let records = rows.map { id, name, millis in
                #"{"id": \#(id), "name": "\#(name)", "datetime": \#(millis), "department_id": 1, "job_id": 1}"#
            }
            try Self.writeAvro(
                folder + "/edges.avro",
                schema: Self.sparkSchema,
                records: "[" + records.joined(separator: ",") + "]")
            let restored = try SluiceBinary.run(
                ["restore", "--table", "hired_employees", "--from", folder + "/edges.avro", "--max-rejects", "5"] + base
            )
            #expect(restored.stdout.contains("restored 3 rows, 5 rejected"), "\(restored.stdout) \(restored.stderr)")
            let logged = try connection.query(
                "SELECT position, JSON_VALUE(reasons, '$[0].rule') FROM sluice_rejects WHERE origin = 'restore' ORDER BY position"
            )
            #expect(
                logged.map { $0.map(\.description) } == [
                    ["1", "min"], ["2", "max_length"], ["3", "required"], ["4", "timestamp"], ["5", "timestamp"],
                ])
            let kept = try connection.query(
                "SELECT id, CHAR_LENGTH(name), DATE_FORMAT(datetime, '%Y-%m-%d %H:%i:%s') FROM hired_employees ORDER BY id"
            )
            #expect(
                kept.map { $0.map(\.description) } == [
                    ["6", "2", "9999-12-31 23:59:59"], ["7", "255", "2021-11-07 02:48:42"],
                    ["8", "2", "1000-01-01 00:00:00"],
                ])
        }
    }
}
