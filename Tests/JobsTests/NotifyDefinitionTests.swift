import Errors
import Foundation
import Testing

import JSON
@testable import Jobs

/// The `notify` field of a definition: webhooks checked at submission, and shown back as given.
@Suite struct NotifyDefinitionTests {
    private func definition(_ notify: JSONValue) throws -> JobDefinition {
        try StoredSchedule.definition(
            name: "nightly", ["kind": "prune", "notify": notify], kinds: StubKinds.registry)
    }

    @Test func webhooksAndOnSuccessAreReadAndShownBack() throws {
        let read = try definition(["webhooks": ["https://hooks.example/T1/secret", "http://10.0.0.2:9000/"]])
        #expect(
            read.notify.webhooks.map(\.absoluteString) == ["https://hooks.example/T1/secret", "http://10.0.0.2:9000/"])
        #expect(read.notify.onSuccess == false)
        #expect(read.notify.announces(.failed) && read.notify.announces(.lost))
        #expect(!read.notify.announces(.succeeded) && !read.notify.announces(.cancelled))
        let loud = try definition(["webhooks": ["https://a.example/"], "onSuccess": true])
        #expect(loud.notify.announces(.succeeded))
        let shown = StoredSchedule.document(loud, source: "database", enabled: true).object?["notify"]
        #expect(shown == ["webhooks": ["https://a.example/"], "onSuccess": true])
        #expect(StoredSchedule.document(try definition([:]), source: "file", enabled: true).object?["notify"] == nil)
        #expect(!JobDefinition.Notify(onSuccess: true).announces(.succeeded), "no webhooks, nobody to tell")
    }

    @Test func badWebhooksAreRefusedWithInvalidParamsNamingTheField() {
        let cases: [(JSONValue, String)] = [
            (["webhooks": ["ftp://files.example/x"]], "notify.webhooks[0]"),
            (["webhooks": ["https://ok.example/", "not a url"]], "notify.webhooks[1]"),
            (["webhooks": ["https:///no-host"]], "notify.webhooks[0]"),
            (["webhooks": [1]], "notify.webhooks[0]"), (["webhooks": "https://a.example/"], "notify.webhooks"),
            (["onSuccess": "yes"], "notify.onSuccess"), (["email": "ops@example.com"], "unknown field 'email'"),
            (.string("https://a.example/"), "field 'notify'"),
        ]
        for (notify, named) in cases {
            #expect {
                try definition(notify)
            } throws: { error in
                let error = error as? JobsError
                return error?.code == .invalidParams && (error?.message.contains(named) ?? false)
            }
        }
    }

    @Test func theNoticeLinksTheRunAndSumsItUpInOneLine() throws {
        let run = try JSON.decode(
            RunRecord.self,
            from: #"""
                {"id": 42, "job": "nightly", "kind": "prune", "trigger": "schedule", "params": {}, "state": "failed",
                 "attempt": 1, "cancelRequested": false, "exitCause": "exit 2",
                 "startedAt": "2026-12-01T02:00:00Z", "finishedAt": "2026-12-01T02:00:12Z"}
                """#)
        let notice = RunNotice(run, publicURL: URL(string: "https://sluice.example/")!)
        #expect(notice.link == "https://sluice.example/admin/job.html?id=42")
        #expect(notice.durationSeconds == 12)
        #expect(
            notice.text
                == "Sluice: nightly failed (exit 2) after 12.0 s, attempt 1 <https://sluice.example/admin/job.html?id=42|run 42>"
        )
    }
}
