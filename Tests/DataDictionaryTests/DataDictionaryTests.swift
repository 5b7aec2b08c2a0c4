import DataDictionary
import Errors
import Testing

@Suite struct DataDictionaryTests {
    @Test func challengeDictionaryLoads() throws {
        let dictionary = try Fixtures.challenge()
        #expect(dictionary.tables.map(\.name) == ["departments", "jobs", "hired_employees"])
        let hired = try dictionary.requireTable("hired_employees")
        #expect(hired.columns.map(\.name) == ["id", "name", "datetime", "department_id", "job_id"])
        #expect(hired.primaryKey.name == "id")
        #expect(hired.columns.allSatisfy { $0.required })
    }

    @Test func unknownTableNamesTheKnownOnes() throws {
        let error = #expect(throws: DictionaryError.self) { try Fixtures.challenge().requireTable("nope") }
        #expect(error?.code == .unknownTable)
        #expect(error?.message.contains("departments, jobs, hired_employees") == true)
    }

    @Test func dependencyOrderPutsParentsFirst() throws {
        let dictionary = try Fixtures.dictionary(
            """
            {"version":1,"tables":[
              {"name":"child","columns":[{"name":"id","type":"integer","primaryKey":true},
                                         {"name":"p","type":"integer","references":"parent.id"}]},
              {"name":"parent","columns":[{"name":"id","type":"integer","primaryKey":true}]}]}
            """)
        #expect(dictionary.tablesInDependencyOrder.map(\.name) == ["parent", "child"])
    }

    @Test func extendedDictionaryAddsATableWithoutCode() throws {
        let dictionary = try DataDictionary(contentsOf: Fixtures.extendedDictionaryPath)
        let offices = try dictionary.requireTable("offices")
        #expect(offices.primaryKey.name == "code")
        #expect(dictionary.tablesInDependencyOrder.map(\.name).firstIndex(of: "offices")! > 0)
        let validator = RowValidator(table: offices)
        #expect(validator.validate(fields: ["MAD-01", "Madrid", "1", "2020-02-29", "12", "", "true", "gold"]).isValid)
        let bad = validator.validate(fields: ["mad1", "M", "x", "2021-02-29", "9000", "abc", "maybe", "bronze"])
        #expect(
            bad.violations.map(\.rule) == [.pattern, .minLength, .integer, .date, .max, .number, .boolean, .allowed])
    }

    @Test(arguments: [
        (#"{"version":1,"tables":[{"name":"t","columns":[{"name":"a","type":"integer"}]}]}"#, "exactly one primaryKey"),
        (#"{"version":1,"tables":[{"name":"bad name","columns":[]}]}"#, "letters, digits or underscores"),
        (
            #"{"version":1,"tables":[{"name":"t","columns":[{"name":"id","type":"integer","primaryKey":true,"references":"x.id"}]}]}"#,
            "unknown table"
        ),
        (
            #"{"version":1,"tables":[{"name":"t","columns":[{"name":"id","type":"uuid","primaryKey":true}]}]}"#,
            "tables[0].columns[0].type"
        ),
        (
            #"{"version":1,"tables":[{"name":"t","columns":[{"name":"id","type":"string","primaryKey":true,"min":1}]}]}"#,
            "min and max apply"
        ),
        (
            #"{"version":1,"tables":[{"name":"sluice_x","columns":[{"name":"id","type":"integer","primaryKey":true}]}]}"#,
            "reserved"
        ),
        (
            #"{"version":1,"tables":[{"name":"t","columns":[{"name":"id","type":"integer","primaryKey":true,"references":"t.id"}]}]}"#,
            "itself"
        ),
        (
            #"{"version":1,"tables":[{"name":"a","columns":[{"name":"id","type":"integer","primaryKey":true,"references":"b.id"}]},{"name":"b","columns":[{"name":"id","type":"integer","primaryKey":true,"references":"a.id"}]}]}"#,
            "cycle"
        ),
        (#"{"version":1,"tables":"#, "top level"),
    ])
    func invalidDictionariesAreRefusedWithAReason(json: String, reason: String) {
        let error = #expect(throws: DictionaryError.self) { try Fixtures.dictionary(json) }
        #expect(error?.code == .invalidDictionary)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
    }
}
