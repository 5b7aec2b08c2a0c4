import DataDictionary
import Foundation
import JSON
import Testing

@testable import API

/// The route table: how requests find their route, and the OpenAPI document written from it.
@Suite struct RouteTableTests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyRouteIsInTheOpenAPIDocument() throws {
        let dictionary = try DataDictionary(
            contentsOf: Self.repositoryRoot.appendingPathComponent("sql/dictionary.json").path)
        let document = try JSON.decode(
            JSONValue.self, from: OpenAPIDocument(dictionary: dictionary, routes: Route.all.routes).json)
        let paths = try #require(document.object?["paths"]?.object)
        for route in Route.all.routes {
            let documented = paths.filter { path, item in
                route.parameters(matching: Route.parts(of: path)) != nil
                    && item.object?[route.method.rawValue.lowercased()] != nil
            }
            #expect(!documented.isEmpty, "\(route.method.rawValue) \(route.template) is not documented")
            for (_, item) in documented where route.permission != nil {
                let operation = item.object?[route.method.rawValue.lowercased()]?.object
                #expect(operation?["security"] != nil, "\(route.template) is keyed but documented as public")
            }
        }
        #expect(paths["/api/v1/tables/hired_employees/rows"]?.object?["post"] != nil)
    }

    @Test func eachMethodAndTemplateIsDeclaredOnce() {
        let keys = Route.all.routes.map { "\($0.method.rawValue) \($0.template)" }
        #expect(Set(keys).count == keys.count)
    }

    @Test func pathsFindTheirRouteWithNamedParameters() {
        guard case .found(let route, let parameters) = Route.all.match(method: "POST", path: "/api/v1/jobs/42/cancel/")
        else {
            Issue.record("POST /api/v1/jobs/42/cancel found no route")
            return
        }
        #expect(route.template == "/api/v1/jobs/{id}/cancel" && route.permission == .operate)
        #expect(parameters == ["id": "42"])
        guard case .found(let upload, _) = Route.all.match(method: "POST", path: "/api/v1/uploads"),
            case .sink = upload.handler
        else {
            Issue.record("POST /api/v1/uploads is not a streamed route")
            return
        }
        guard case .found(let live, _) = Route.all.match(method: "GET", path: "/health/live") else {
            Issue.record("GET /health/live found no route")
            return
        }
        #expect(live.permission == nil)
    }

    @Test func aWrongMethodIs405AndAnUnknownPath404() {
        guard case .wrongMethod(let template, let allowed) = Route.all.match(method: "DELETE", path: "/api/v1/jobs")
        else {
            Issue.record("DELETE /api/v1/jobs is not a wrong method")
            return
        }
        #expect(template == "/api/v1/jobs" && allowed == ["GET", "POST"])
        guard case .wrongMethod = Route.all.match(method: "POST", path: "/health/live") else {
            Issue.record("POST /health/live is not a wrong method")
            return
        }
        guard case .notFound = Route.all.match(method: "GET", path: "/api/v1/jobs/1/nowhere") else {
            Issue.record("GET /api/v1/jobs/1/nowhere found a route")
            return
        }
    }
}
