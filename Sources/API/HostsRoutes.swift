import Foundation
import Hosts
import JSON
import Loading
import MariaDB

extension Route {
    /// The Sluice processes sharing this database (view): each `serve` and `scheduler` heartbeats its row.
    static let hosts: [Route] = [
        Route(.get, "/api/v1/hosts", scope: .view, .buffered { service, _ in try service.hostList() }) { _ in
            OpenAPIOperation(
                "Every Sluice process registered on this database (up, down past its lease, or stopped), by host",
                responses: ["200": .ok("Hosts")])
        }
    ]
}

extension APIService {
    /// `GET /api/v1/hosts`: `{"items": [hosts]}`.
    fileprivate func hostList() throws -> APIResponse {
        let directory = try HostDirectory(sqlDirectory: .locate())
        return try .encoded(["items": try pool.withConnection { try directory.list(on: $0) }])
    }
}

/// The schema of `GET /api/v1/hosts`'s answer.
extension OpenAPIDocument {
    static func hostsSchemas() -> [String: JSONValue] {
        let text: JSONValue = ["type": "string"]
        let number: JSONValue = ["type": "number"]
        let integer: JSONValue = ["type": "integer"]
        let instant: JSONValue = ["type": "string", "format": "date-time"]
        return [
            "Host": [
                "type": "object",
                "required": [
                    "id", "host", "pid", "roles", "version", "state", "started", "lastHeartbeat",
                    "heartbeatAgeSeconds", "uptimeSeconds", "workers", "workerCount", "lostRuns",
                ],
                "properties": [
                    "id": text, "host": text, "pid": integer,
                    "roles": ["type": "array", "items": ["enum": ["api", "scheduler"]]], "version": text,
                    "publicUrl": ["type": ["string", "null"]], "state": ["enum": ["up", "down", "stopped"]],
                    "started": instant, "lastHeartbeat": instant, "heartbeatAgeSeconds": number,
                    "uptimeSeconds": number, "stopped": ["type": ["string", "null"], "format": "date-time"],
                    "workers": ["type": "array", "items": integer], "workerCount": integer,
                    "store": ["type": "string", "description": "the id of its file store (--store)"],
                    "lostRuns": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["id"],
                            "properties": ["id": integer, "retry": ["type": ["integer", "null"]]],
                        ],
                    ],
                ],
            ],
            "Hosts": [
                "type": "object", "required": ["items"],
                "properties": ["items": ["type": "array", "items": ["$ref": "#/components/schemas/Host"]]],
            ],
        ]
    }
}
