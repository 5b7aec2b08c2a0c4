import JSON
extension Route {
    /// Every route of the API, matched in this order. Adding a route is one entry in one of these lists.
    package static let all = RouteTable(
        routes: health + site + session + ingest + rows + reports + jobs + schedules + uploads + backups + access
            + audit + hosts)
}
