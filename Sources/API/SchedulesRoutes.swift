import DataDictionary
import JSON

extension Route {
    /// The routes that create, show, replace and delete stored schedules, and preview a schedule's slots
    /// (view to read, operate to change, audited). Listing, enabling, disabling and running a schedule are job routes.
    static let schedules: [Route] = [
        Route(.get, "/api/v1/schedules/preview", scope: .view, .buffered { try $0.jobs.preview($1) }) { _ in
            OpenAPIOperation(
                "The next fire times of a schedule, in UTC, exactly as the scheduler runs them (DST included)",
                parameters: [
                    .query("schedule", ["type": "string"]), .query("timezone", ["type": "string"]),
                    .query("from", ["type": "string", "format": "date-time"]),
                    .query("count", ["type": "integer", "minimum": 1, "maximum": .integer(Int64(maxPreview))]),
                ],
                responses: [
                    "200": .ok("SchedulePreview"),
                    "400": .error("invalid_schedule, unknown_timezone or invalid_parameter"),
                ])
        },
        Route(
            .post, "/api/v1/schedules", scope: .operate, audit: "schedule.create",
            .buffered { try $0.jobs.createSchedule($1) }
        ) { _ in
            OpenAPIOperation(
                "Store a schedule; every scheduler follows it within seconds",
                body: .json(["$ref": "#/components/schemas/ScheduleDefinition"]),
                responses: [
                    "201": .ok("ScheduleDefinition"), "400": .error(refusals),
                    "409": .error("name_taken: a job file or stored schedule has the name"),
                ])
        },
        Route(.get, "/api/v1/schedules/{name}", scope: .view, .buffered { try $0.jobs.schedule($1) }) { _ in
            OpenAPIOperation(
                "A schedule's definition (a job file's or a stored one's)", parameters: [name],
                responses: ["200": .ok("ScheduleDefinition"), "404": .error("no such schedule")])
        },
        Route(
            .put, "/api/v1/schedules/{name}", scope: .operate, audit: "schedule.update",
            .buffered { try $0.jobs.replaceSchedule($1) }
        ) { _ in
            OpenAPIOperation(
                "Replace a stored schedule's whole definition", parameters: [name],
                body: .json(["$ref": "#/components/schemas/ScheduleDefinition"]),
                responses: [
                    "200": .ok("ScheduleDefinition"), "400": .error(refusals), "404": .error("no such stored schedule"),
                    "409": .error("name_taken: the name is a job file's, which the API cannot change"),
                ])
        },
        Route(
            .delete, "/api/v1/schedules/{name}", scope: .operate, audit: "schedule.delete",
            .buffered { try $0.jobs.deleteSchedule($1) }
        ) { _ in
            OpenAPIOperation(
                "Delete a stored schedule (its runs stay in the history)", parameters: [name],
                responses: [
                    "204": .plain("Deleted"), "404": .error("no such stored schedule"),
                    "409": .error("name_taken: the name is a job file's, which the API cannot remove"),
                ])
        },
    ]

    /// The most slots a preview lists.
    static let maxPreview = 100

    private static let name = OpenAPIOperation.Parameter.path("name", ["type": "string"])

    private static let refusals =
        "invalid_schedule, unknown_timezone, unknown_kind, invalid_params, path_not_allowed or invalid_job_definition"
}
