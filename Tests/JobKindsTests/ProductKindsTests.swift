import Errors
import Foundation
import JSON
import JobKinds
import Jobs
import Testing

@Suite struct ProductKindsTests {
    let kinds = ProductKinds.registry()

    func params(_ text: String) throws -> JSONValue { try JSON.decode(JSONValue.self, from: text) }

    func refusal(_ kind: String, _ params: String) throws -> JobsError? {
        do {
            try kinds.validate(kind: kind, params: try self.params(params))
            return nil
        } catch let error as JobsError {
            return error
        }
    }

    @Test func shippedKindsAreRegistered() {
        #expect(kinds.names == ["backup", "check", "migrate", "prune", "restore"])
    }

    @Test func validParamsPass() throws {
        #expect(try refusal("migrate", #"{"table": "jobs", "file": "/data/jobs.csv", "header": true}"#) == nil)
        #expect(try refusal("backup", #"{"tables": "*", "codec": "snappy", "keep": 7}"#) == nil)
        #expect(try refusal("backup", #"{"tables": ["jobs", "departments"]}"#) == nil)
        #expect(try refusal("backup", #"{"offsite": "s3-eu:company-backups/sluice", "keep": 7}"#) == nil)
        #expect(try refusal("restore", #"{"table": "jobs", "backup": "20250101T000000Z", "offsite": "box:"}"#) == nil)
        #expect(try refusal("restore", #"{"table": "jobs", "backup": "20250101T000000Z", "maxRejects": "5%"}"#) == nil)
        #expect(try refusal("restore", #"{"table": "jobs", "from": "/backups/x", "maxRejects": 10}"#) == nil)
        #expect(try refusal("prune", "{}") == nil)
        #expect(try refusal("check", #"{"url": "http://127.0.0.1:8080"}"#) == nil)
    }

    @Test func anUnknownKindIsRefused() throws {
        let error = try #require(try refusal("sleep", #"{"seconds": 1}"#))
        #expect(error.code == .unknownKind)
        let long = try #require(try refusal(String(repeating: "m", count: 40), "{}"))
        #expect(long.code == .unknownKind && long.message.contains("..."))
    }

    @Test(arguments: [
        ("migrate", #"{"file": "/data/x.csv"}"#, "field 'table': required"),
        ("migrate", #"{"table": "jobs"}"#, "field 'file': required"),
        ("migrate", #"{"table": "jobs", "file": "x", "header": "yes"}"#, "field 'header': must be true or false"),
        ("migrate", #"{"table": "jobs", "file": "x", "batchRows": 0}"#, "field 'batchRows'"),
        ("backup", #"{"codec": "lzma"}"#, "field 'codec'"),
        ("backup", #"{"tables": "some"}"#, "field 'tables'"),
        ("restore", #"{"table": "jobs"}"#, "field 'backup': required"),
        ("backup", #"{"offsite": "/srv/backups"}"#, "field 'offsite': takes REMOTE:PATH"),
        ("backup", #"{"offsite": ":webdav,url=http://evil.example:x"}"#, "field 'offsite': the remote must be"),
        ("backup", #"{"offsite": "box:a/../../etc"}"#, "field 'offsite': the path"),
        ("restore", #"{"table": "jobs", "from": "/b/x", "offsite": "box:b"}"#, "field 'backup': required with"),
        ("restore", #"{"table": "jobs", "backup": "b", "maxRejects": "lots"}"#, "field 'maxRejects'"),
        ("prune", #"{"days": "thirty"}"#, "field 'days': must be an integer"),
        ("prune", "[]", "must be a JSON object"),
        ("check", #"{"url": "ftp://x"}"#, "field 'url': must be an http or https URL"),
    ])
    func badParamsAreRefusedNamingTheField(kind: String, params: String, message: String) throws {
        let error = try #require(try refusal(kind, params))
        #expect(error.code == .invalidParams)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test func pathFieldsComeFromTheKinds() {
        #expect(kinds.pathFields(of: "migrate") == ["file"])
        #expect(kinds.pathFields(of: "restore") == ["from"])
        #expect(kinds.pathFields(of: "backup") == ["out"])
        #expect(kinds.pathFields(of: "prune").isEmpty)
    }

    @Test func shippedJobsLoad() throws {
        let folder =
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path + "/jobs"
        let catalog = JobCatalog.load(directory: folder, kinds: kinds)
        #expect(catalog.errors.isEmpty, "\(catalog.errors)")
        let backup = try #require(catalog.definitions["nightly-backup"])
        let nightly = try Schedule(parsing: "@nightly")
        #expect(backup.kind == "backup" && backup.schedule == nightly)
        #expect(catalog.definitions["prune-history"]?.kind == "prune")
        let check = try #require(catalog.definitions["self-check"])
        let everyFiveMinutes = try Schedule(parsing: "*/5 * * * *")
        #expect(check.kind == "check" && !check.enabled && check.schedule == everyFiveMinutes)
    }
}
