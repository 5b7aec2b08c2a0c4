import DataDictionary
import JSON
extension Route {
    /// The backup routes (view to list, admin to restore, audited): backups are named by id only,
    /// never by a path.
    static let backups: [Route] = [
        Route(.get, "/api/v1/backups", scope: .view, .buffered { try $0.backups.list($1) }) { _ in
            OpenAPIOperation(
                "Every host's complete backups with their manifests, host and store, newest first",
                responses: ["200": .ok("Backups")])
        },
        Route(.get, "/api/v1/offsite/backups", scope: .view, .buffered { try $0.offsite.list($1) }) { _ in
            OpenAPIOperation(
                "The complete backups on the rclone remote this server copies backups to, newest first",
                responses: [
                    "200": .ok("OffsiteBackups"),
                    "404": .error("the server has no off-site remote (offsite_not_configured)"),
                    "502": .error("rclone could not list the remote (offsite_unreachable, offsite_failed)"),
                ])
        },
        Route(.get, "/api/v1/backups/{id}", scope: .view, .buffered { try $0.backups.show($1) }) { _ in
            OpenAPIOperation(
                "One backup's manifest", parameters: [.path("id", ["type": "string"])],
                responses: ["200": .ok("Backup"), "404": .error("no such backup")])
        },
        Route(.get, "/api/v1/backups/{id}/files/{table}", scope: .view, .buffered { try $0.backups.file($1) }) {
            dictionary in
            OpenAPIOperation(
                "A backup's Avro file of one table (streamed, as an attachment)",
                parameters: [
                    .path("id", ["type": "string"]),
                    .path("table", ["type": "string", "enum": .strings(dictionary.tables.map(\.name))]),
                ],
                responses: [
                    "200": .binary("The Avro object container file", ["application/avro"]),
                    "400": .error("not a table name (invalid_table_name)"),
                    "404": .error(
                        "no such backup (backup_not_found), table (unknown_table) or file (table_not_in_backup, backup_file_missing)"
                    ),
                    "409": .error(
                        "the backup is in another host's store (file_on_other_host: details.host, details.url)"),
                ])
        },
        Route(.post, "/api/v1/restores", scope: .admin, audit: "restore", .buffered { try $0.backups.restore($1) }) {
            dictionary in
            OpenAPIOperation(
                "Queue the restore of a table from a backup (all or nothing, in a worker), from this store or an rclone remote",
                body: .json([
                    "type": "object", "required": ["table", "backup"], "additionalProperties": false,
                    "properties": [
                        "table": ["type": "string", "enum": .strings(dictionary.tables.map(\.name))],
                        "backup": ["type": "string"],
                        "dryRun": ["type": "boolean"], "maxRejects": ["type": ["string", "integer"]],
                        "offsite": [
                            "type": "string", "description": "an rclone remote holding the backup, as REMOTE:PATH",
                        ],
                    ],
                ]),
                responses: [
                    "202": .ok("Run"), "400": .error("bad body, or offsite not a configured remote (invalid_params)"),
                    "404": .error("unknown table or backup"),
                    "422": .error("the backup has no such table"),
                ])
        },
    ]
}
