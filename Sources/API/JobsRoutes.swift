import DataDictionary
import JSON

extension Route {
    /// The job routes: run history (view), run control and schedule switches (operate, audited).
    static let jobs: [Route] = [
        Route(.get, "/api/v1/jobs", scope: .view, .buffered { try $0.jobs.list($1) }) { _ in
            OpenAPIOperation(
                "Job runs, newest first",
                parameters: [
                    .query("status", ["type": "string", "enum": runStates]), .query("kind", ["type": "string"]),
                    .query("job", ["type": "string"]),
                    .query("since", ["type": "string", "format": "date-time"]),
                    .query("limit", ["type": "integer", "minimum": 1, "maximum": 1000]),
                    .query("offset", ["type": "integer", "minimum": 0]),
                ],
                responses: ["200": .ok("Runs"), "400": .error("bad parameter")])
        },
        Route(.post, "/api/v1/jobs", scope: .operate, audit: "run.submit", .buffered { try $0.jobs.create($1) }) {
            dictionary in
            OpenAPIOperation(
                "Queue a run: of a job, of a kind with parameters, or the migration of an upload",
                body: .json([
                    "oneOf": [
                        [
                            "type": "object", "required": ["job"],
                            "properties": ["job": ["type": "string"], "params": ["type": "object"]],
                        ],
                        [
                            "type": "object", "required": ["kind"],
                            "properties": ["kind": ["type": "string"], "params": ["type": "object"]],
                        ],
                        [
                            "type": "object", "required": ["kind", "upload", "table"],
                            "properties": [
                                "kind": ["const": "migrate"], "upload": ["type": "integer"],
                                "table": ["type": "string", "enum": .strings(dictionary.tables.map(\.name))],
                                "header": ["type": "boolean"],
                            ],
                        ],
                    ]
                ]),
                responses: [
                    "201": .ok("Run"), "400": .error("bad body or parameters"),
                    "404": .error("unknown job, upload or table"),
                ])
        },
        Route(.get, "/api/v1/jobs/{id}", scope: .view, .buffered { try $0.jobs.run($1) }) { _ in
            OpenAPIOperation(
                "One run", parameters: [runID], responses: ["200": .ok("Run"), "404": .error("no such run")])
        },
        Route(.get, "/api/v1/jobs/{id}/log", scope: .view, .buffered { try $0.jobs.log($1) }) { _ in
            OpenAPIOperation(
                "A run's log", parameters: [runID], responses: ["200": .ok("LogLines"), "404": .error("no such run")])
        },
        Route(.get, "/api/v1/jobs/{id}/rejects.csv", scope: .view, .buffered { try $0.jobs.rejects($1) }) { _ in
            OpenAPIOperation(
                "A migration run's rejected rows as the fixable CSV (streamed): a header (the table's columns, then "
                    + "line, column, rule, reason), then each row as received followed by its line and reasons",
                parameters: [runID],
                responses: [
                    "200": .text("CSV", ["text/csv"]),
                    "404": .error("no such run (not_found), or the run is not a finished migration (no_rejects)"),
                ])
        },
        Route(
            .post, "/api/v1/jobs/{id}/cancel", scope: .operate, audit: "run.cancel",
            .buffered { try $0.jobs.cancel($1) }
        ) { _ in
            OpenAPIOperation(
                "Cancel a queued run, or stop a running one (SIGTERM, grace, SIGKILL)", parameters: [runID],
                responses: ["200": .ok("Run"), "404": .error("no such run"), "409": .error("the run has ended")])
        },
        Route(.get, "/api/v1/schedules", scope: .view, .buffered { try $0.jobs.schedules($1) }) { _ in
            OpenAPIOperation("Job definitions with their next and last run", responses: ["200": .ok("Schedules")])
        },
        Route(
            .post, "/api/v1/schedules/{name}/enable", scope: .operate, audit: "schedule.enable",
            .buffered { try $0.jobs.enable($1, true) }
        ) { _ in scheduleAction("Enable a schedule", ok: .ok("ScheduleState")) },
        Route(
            .post, "/api/v1/schedules/{name}/disable", scope: .operate, audit: "schedule.disable",
            .buffered { try $0.jobs.enable($1, false) }
        ) { _ in scheduleAction("Disable a schedule", ok: .ok("ScheduleState")) },
        Route(
            .post, "/api/v1/schedules/{name}/run", scope: .operate, audit: "run.submit",
            .buffered { try $0.jobs.runNow($1) }
        ) { _ in scheduleAction("Queue a run of a job now", created: .ok("Run")) },
    ]

    private static let runStates: JSONValue = ["queued", "running", "succeeded", "failed", "cancelled", "lost"]

    private static let runID = OpenAPIOperation.Parameter.path("id", ["type": "integer", "minimum": 1])

    private static func scheduleAction(
        _ summary: String, ok: OpenAPIOperation.Response? = nil, created: OpenAPIOperation.Response? = nil
    ) -> OpenAPIOperation {
        var responses: [String: OpenAPIOperation.Response] = ["404": .error("no such job")]
        responses["200"] = ok
        responses["201"] = created
        return OpenAPIOperation(
            summary, parameters: [.path("name", ["type": "string"])], responses: responses)
    }
}
