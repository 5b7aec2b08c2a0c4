import Errors
import Backup
import Offsite

/// `GET /api/v1/offsite/backups` (view scope): the complete backups on the rclone remote this server
/// copies backups to (`serve --offsite` or `$SLUICE_OFFSITE`), newest first, each a manifest's
/// fields plus its `path` on the remote; `remote` says which remote, as `POST /api/v1/restores`
/// takes it in `offsite`. The remote is the server's own, never one named by the request.
struct OffsiteEndpoint {
    /// The server's remote, if it has one.
    let remote: OffsiteRemote?

    /// 200 with `remote` and `items`; 404 `offsite_not_configured` when the server has no remote,
    /// 502 `offsite_unreachable` or `offsite_failed` when rclone cannot list it, within rclone's
    /// prompt waits (a connection in 10 s, nothing idle for 20 s).
    func list(_ call: RouteCall) throws -> APIResponse {
        guard let remote else {
            throw APIError(
                "offsite_not_configured", status: 404,
                "this server copies no backups off site (serve --offsite REMOTE:PATH or $SLUICE_OFFSITE)")
        }
        let items = try OffsiteBackups(remote: remote, prompt: true).list().map(Item.init)
        return try .encoded(Listing(remote: remote.description, items: items))
    }

    /// The answer: the remote and its backups.
    private struct Listing: Encodable {
        let remote: String
        let items: [Item]
    }

    /// One backup on the remote: its manifest's fields, plus `path`.
    private struct Item: Encodable {
        let entry: OffsiteBackups.Entry

        enum CodingKeys: String, CodingKey { case path }

        func encode(to encoder: any Encoder) throws {
            try entry.manifest.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(entry.path, forKey: .path)
        }
    }
}
