import DataDictionary
import Testing

@Suite struct RowValidatorTests {
    let hired: RowValidator

    init() throws {
        hired = RowValidator(table: try Fixtures.challenge().requireTable("hired_employees"))
    }

    private func rules(_ fields: [String]) -> [String] {
        hired.validate(fields: fields).violations.map { "\($0.column ?? "row").\($0.rule)" }
    }

    @Test func validRowGivesTypedValues() {
        let verdict = hired.validate(fields: ["4535", "Marcelo Gonzalez", "2021-07-27T16:02:08Z", "1", "2"])
        #expect(verdict.isValid)
        #expect(verdict.values[0] == .integer(4535))
        #expect(verdict.values[1] == .text("Marcelo Gonzalez"))
        #expect(verdict.values[2].sqlText == "2021-07-27 16:02:08")
    }

    @Test func everyReasonIsReported() {
        #expect(
            rules(["", " ", "2021-02-30T10:00:00Z", "0", "x"])
                == ["id.required", "name.required", "datetime.timestamp", "department_id.min", "job_id.integer"])
    }

    @Test(arguments: [
        ["1", "a"], ["1", "a", "2021-01-01T00:00:00Z", "1", "2", "extra"], [""],
    ])
    func wrongFieldCountIsOneViolation(fields: [String]) {
        #expect(rules(fields) == ["row.column_count"])
    }

    @Test(arguments: ["-5", "0", "1.0", "1e3", " 7", "7 ", "+7", "0x10", "99999999999999999999", "１２"])
    func idsMustBePositiveIntegers(id: String) {
        #expect(!hired.validate(fields: [id, "a", "2021-01-01T00:00:00Z", "1", "1"]).isValid)
    }

    @Test func hugeButRepresentableIdIsAccepted() {
        #expect(hired.validate(fields: ["9223372036854775807", "a", "2021-01-01T00:00:00Z", "1", "1"]).isValid)
    }

    @Test func nameLongerThanTheColumnIsRefusedWithoutEchoingIt() {
        let long = String(repeating: "é", count: 256)
        let verdict = hired.validate(fields: ["1", long, "2021-01-01T00:00:00Z", "1", "1"])
        #expect(verdict.violations.map(\.rule) == [.maxLength])
        #expect(verdict.violations[0].message.count < 100)
        #expect(
            hired.validate(fields: ["1", String(repeating: "é", count: 255), "2021-01-01T00:00:00Z", "1", "1"]).isValid)
    }

    @Test(arguments: [
        ("2021-07-27T16:02:08Z", "2021-07-27 16:02:08"),
        ("2021-07-27t16:02:08z", "2021-07-27 16:02:08"),
        ("2021-07-27T18:02:08+02:00", "2021-07-27 16:02:08"),
        ("2021-07-27T11:02:08-0500", "2021-07-27 16:02:08"),
        ("2021-01-01T01:00:00+03", "2020-12-31 22:00:00"),
        ("2020-02-29T23:59:59.123456Z", "2020-02-29 23:59:59.123456"),
        ("2021-03-31T23:59:59.5Z", "2021-03-31 23:59:59.500000"),
        ("2021-03-31T23:59:59.123456000Z", "2021-03-31 23:59:59.123456"),
    ])
    func timestampsAreNormalisedToUTC(input: String, sql: String) throws {
        let verdict = hired.validate(fields: ["1", "a", input, "1", "1"])
        #expect(verdict.isValid, "\(verdict.violations)")
        #expect(verdict.values[2].sqlText == sql)
    }

    @Test(arguments: [
        "2021-02-30T10:00:00Z", "2021-02-29T10:00:00Z", "2021-13-01T00:00:00Z", "2021-07-27T24:00:00Z",
        "2021-07-27T16:60:00Z", "2021-07-27T16:02:60Z", "2021-07-27T16:02:08", "2021-07-27 16:02:08Z",
        "2021-07-27", "27/07/2021", "2021-07-27T16:02:08+25:00", "2021-07-27T16:02:08.1234567Z",
        "2021-07-27T16:02:08ZZ", "0999-12-31T23:00:00Z", "1000-01-01T00:30:00+01:00", "2021-07-27T16:02:08.Z",
        "not a date",
    ])
    func impossibleTimestampsAreRefused(input: String) {
        let verdict = hired.validate(fields: ["1", "a", input, "1", "1"])
        #expect(verdict.violations.map(\.rule) == [.timestamp])
    }

    @Test func namedFieldsReportUnknownAndMissingColumns() {
        let verdict = hired.validate(named: [
            "id": "1", "name": "a", "datetime": "2021-01-01T00:00:00Z", "job_id": "2", "salary": "9",
        ])
        #expect(
            verdict.violations.map { "\($0.column ?? "").\($0.rule)" } == [
                "department_id.required", "salary.unknown_column",
            ])
    }
}
