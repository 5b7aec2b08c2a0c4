import Foundation
import MariaDB
import Testing
import TestSupport

/// People in the API: users made with the CLI, sessions with hardened cookies, CSRF on cookie
/// changes, sign-in throttling, role and scope refusals, and the audit trail.
@Suite struct AccountsTests {
    static let password = "correct horse battery"

    /// Creates a user with `sluice users create` on the server's database.
    static func createUser(_ server: RunningServer, _ name: String, _ role: String, password: String = password)
        throws -> SluiceBinary.Result
    {
        try SluiceBinary.run(
            ["users", "create", "--name", name, "--role", role, "--password-stdin"],
            environment: ["SLUICE_DATABASE_URL": server.databaseURL.connectionString], input: password + "\n")
    }

    /// Signs `name` in; returns the answer, the cookie pair (`sluice_session=...`) and the CSRF token.
    static func signIn(_ server: RunningServer, _ name: String, password: String = password) throws -> (
        HTTPExchange, cookie: String, csrf: String
    ) {
        let answer = try HTTPExchange.send(
            "POST", server.client.baseURL + "/api/v1/session",
            json: #"{"name": "\#(name)", "password": "\#(password)"}"#)
        let cookie = answer.headers["set-cookie"].map { String($0.split(separator: ";")[0]) } ?? ""
        return (answer, cookie, answer.json["csrfToken"] as? String ?? "")
    }

    @Test func theCLIManagesUsersAndNeverTakesAShortPassword() async throws {
        try await withServer { server in
            let short = try Self.createUser(server, "ana", "operator", password: "short")
            #expect(short.status != 0 && short.stderr.contains("weak_password"), "\(short.stderr)")
            #expect(try Self.createUser(server, "ana", "operator").status == 0)
            let again = try Self.createUser(server, "ana", "viewer")
            #expect(again.status != 0 && again.stderr.contains("user_exists"))
            let environment = ["SLUICE_DATABASE_URL": server.databaseURL.connectionString]
            let listed = try SluiceBinary.run(["users", "list"], environment: environment)
            #expect(listed.stdout.contains("ana  operator  active  never signed in"), "\(listed.stdout)")
            let stored = try server.connection.query("SELECT password_hash FROM sluice_users WHERE name = 'ana'")
            #expect(stored.first?.first?.description.hasPrefix("scrypt$15$8$1$") == true)
            #expect(stored.first?.first?.description.contains(Self.password) == false)
            let reset = try SluiceBinary.run(
                ["users", "reset-password", "ana"], environment: environment, input: "a whole new password\n")
            #expect(reset.status == 0, "\(reset.stderr)")
            #expect(try Self.signIn(server, "ana").0.status == 401)
            #expect(try Self.signIn(server, "ana", password: "a whole new password").0.status == 200)
            #expect(try SluiceBinary.run(["users", "disable", "ana"], environment: environment).status == 0)
            #expect(try Self.signIn(server, "ana", password: "a whole new password").0.code == "invalid_credentials")
            #expect(try Self.createUser(server, "root", "admin").status == 0)
            let last = try SluiceBinary.run(["users", "disable", "root"], environment: environment)
            #expect(last.status != 0 && last.stderr.contains("last_admin"), "\(last.stderr)")
        }
    }

    @Test func aSessionCookieIsHardenedAndSigningOutEndsIt() async throws {
        try await withServer { server in
            _ = try Self.createUser(server, "vera", "viewer")
            let (answer, cookie, csrf) = try Self.signIn(server, "vera")
            #expect(answer.status == 200 && answer.json["role"] as? String == "viewer")
            let flags = answer.headers["set-cookie"] ?? ""
            for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
                #expect(flags.contains(flag), "\(flag) missing from \(flags)")
            }
            #expect(!flags.contains("Secure"), "plain HTTP must not mark the cookie Secure")
            let token = String(cookie.dropFirst("sluice_session=".count))
            #expect(token.count >= 43, "a 256-bit id")
            let stored = try server.connection.query("SELECT id_sha256 FROM sluice_sessions")
            #expect(stored.count == 1 && stored[0][0].description != token, "only the id's hash is stored")
            let me = try HTTPExchange.send(
                "GET", server.client.baseURL + "/api/v1/session", headers: ["Cookie": cookie])
            #expect(me.json["name"] as? String == "vera" && me.json["csrfToken"] as? String == csrf)
            let jobs = try HTTPExchange.send("GET", server.client.baseURL + "/api/v1/jobs", headers: ["Cookie": cookie])
            #expect(jobs.status == 200)
            let out = try HTTPExchange.send(
                "DELETE", server.client.baseURL + "/api/v1/session", headers: ["Cookie": cookie, "X-CSRF-Token": csrf])
            #expect(out.status == 204 && out.headers["set-cookie"]?.contains("Max-Age=0") == true)
            let after = try HTTPExchange.send(
                "GET", server.client.baseURL + "/api/v1/jobs", headers: ["Cookie": cookie])
            #expect(after.status == 401 && after.code == "unauthorized")
        }
    }

    @Test func anIdleOrOldSessionEnds() async throws {
        try await withServer { server in
            _ = try Self.createUser(server, "ida", "viewer")
            let (_, cookie, _) = try Self.signIn(server, "ida")
            let url = server.client.baseURL + "/api/v1/session"
            _ = try server.connection.execute("UPDATE sluice_sessions SET last_seen_at = NOW(6) - INTERVAL 31 MINUTE")
            #expect(try HTTPExchange.send("GET", url, headers: ["Cookie": cookie]).status == 401)
            let (_, fresh, _) = try Self.signIn(server, "ida")
            #expect(try HTTPExchange.send("GET", url, headers: ["Cookie": fresh]).status == 200)
            _ = try server.connection.execute("UPDATE sluice_sessions SET expires_at = NOW(6) - INTERVAL 1 SECOND")
            #expect(try HTTPExchange.send("GET", url, headers: ["Cookie": fresh]).status == 401)
        }
    }

    @Test func aCookieChangeNeedsItsCSRFTokenOrOwnOrigin() async throws {
        try await withServer { server in
            _ = try Self.createUser(server, "otto", "operator")
            let (_, cookie, csrf) = try Self.signIn(server, "otto")
            let url = server.client.baseURL + "/api/v1/schedules/nightly-backup/run"
            let bare = try HTTPExchange.send("POST", url, headers: ["Cookie": cookie])
            #expect(bare.status == 403 && bare.code == "csrf_failed")
            let wrong = try HTTPExchange.send(
                "POST", url, headers: ["Cookie": cookie, "X-CSRF-Token": "x" + csrf.dropFirst()])
            #expect(wrong.code == "csrf_failed")
            let elsewhere = try HTTPExchange.send(
                "POST", url, headers: ["Cookie": cookie, "Origin": "http://evil.example"])
            #expect(elsewhere.code == "csrf_failed")
            let host = String(server.client.baseURL.dropFirst("http://".count))
            let sameOrigin = try HTTPExchange.send(
                "POST", url, headers: ["Cookie": cookie, "Origin": "http://\(host)"])
            #expect(sameOrigin.code != "csrf_failed", "\(sameOrigin.body)")
            let withToken = try HTTPExchange.send("POST", url, headers: ["Cookie": cookie, "X-CSRF-Token": csrf])
            #expect(withToken.code != "csrf_failed", "\(withToken.body)")
            let keyed = try HTTPExchange.send(
                "POST", url, headers: ["Authorization": "Bearer \(server.client.adminKey)"])
            #expect(keyed.code != "csrf_failed", "a key needs no CSRF token")
        }
    }

    @Test func failedSignInsSlowDownPerNameAndPerAddress() async throws {
        try await withServer { server in
            _ = try Self.createUser(server, "tess", "viewer")
            for _ in 0..<5 { #expect(try Self.signIn(server, "tess", password: "wrong password!").0.status == 401) }
            let held = try Self.signIn(server, "tess").0
            #expect(held.status == 429 && held.code == "too_many_attempts")
            #expect(Int(held.headers["retry-after"] ?? "") ?? 0 > 0)
            // The address: 20 failures over many names hold back every name from it.
            for attempt in 0..<15 {
                _ = try Self.signIn(server, "nobody\(attempt)", password: "wrong password!")
            }
            _ = try Self.createUser(server, "uma", "viewer")
            let fromAddress = try Self.signIn(server, "uma").0
            #expect(fromAddress.status == 429, "\(fromAddress.body)")
            let outcomes = try server.connection.query(
                "SELECT outcome, COUNT(*) FROM sluice_audit WHERE action = 'session.sign_in' GROUP BY outcome ORDER BY outcome"
            )
            #expect(outcomes.map { "\($0[0])=\($0[1])" } == ["invalid_credentials=20", "too_many_attempts=2"])
        }
    }

    @Test func rolesAndScopesAreRefusedWithTheirCodes() async throws {
        try await withServer { server in
            _ = try Self.createUser(server, "vic", "viewer")
            _ = try Self.createUser(server, "olga", "operator")
            let base = server.client.baseURL
            let (_, viewer, viewerCSRF) = try Self.signIn(server, "vic")
            let run = try HTTPExchange.send(
                "POST", base + "/api/v1/jobs", json: #"{"job": "nightly-backup"}"#,
                headers: ["Cookie": viewer, "X-CSRF-Token": viewerCSRF])
            #expect(run.status == 403 && run.code == "forbidden")
            let upload = try HTTPExchange.send(
                "POST", base + "/api/v1/uploads", headers: ["Cookie": viewer, "X-CSRF-Token": viewerCSRF],
                curlOptions: ["--data-binary", "1,x\n"])
            #expect(upload.status == 403 && upload.code == "forbidden")
            let (_, operatorCookie, operatorCSRF) = try Self.signIn(server, "olga")
            let restore = try HTTPExchange.send(
                "POST", base + "/api/v1/restores", json: #"{"table": "jobs", "backup": "x"}"#,
                headers: ["Cookie": operatorCookie, "X-CSRF-Token": operatorCSRF])
            #expect(restore.status == 403 && restore.code == "forbidden")
            let users = try HTTPExchange.send("GET", base + "/api/v1/users", headers: ["Cookie": operatorCookie])
            #expect(users.status == 403)
            let created = try await server.postJSON("/api/v1/keys", #"{"name": "robot", "scopes": ["operator"]}"#)
            #expect(created.status == 201)
            let robot = try #require(created.json["key"] as? String)
            let robotRuns = try HTTPExchange.send(
                "GET", base + "/api/v1/jobs", headers: ["Authorization": "Bearer \(robot)"])
            #expect(robotRuns.status == 200)
            let robotKeys = try HTTPExchange.send(
                "GET", base + "/api/v1/keys", headers: ["Authorization": "Bearer \(robot)"])
            #expect(robotKeys.status == 403 && robotKeys.code == "forbidden")
        }
    }

    @Test func theAuditTrailRecordsWhoDidWhatAndIsReadOnly() async throws {
        try await withServer { server in
            _ = try Self.createUser(server, "olga", "operator")
            let base = server.client.baseURL
            let (_, cookie, csrf) = try Self.signIn(server, "olga")
            let run = try HTTPExchange.send(
                "POST", base + "/api/v1/schedules/nightly-backup/run",
                headers: ["Cookie": cookie, "X-CSRF-Token": csrf])
            #expect(run.status == 201, "\(run.body)")
            _ = try HTTPExchange.send(
                "POST", base + "/api/v1/restores", json: #"{"table": "jobs", "backup": "x"}"#,
                headers: ["Cookie": cookie, "X-CSRF-Token": csrf])
            // A refusal from the request head never reads the body, so its target is only what the path names.
            let page = try await server.send("GET", "/api/v1/audit?actor=olga")
            let items = try #require(
                (try JSONSerialization.jsonObject(with: Data(page.body)) as? [String: Any])?["items"]
                    as? [[String: Any]])
            let seen = items.map { "\($0["action"]!) \($0["target"]!) \($0["outcome"]!)" }
            #expect(
                seen == [
                    "restore  forbidden", "run.submit nightly-backup ok",
                    "session.sign_in olga ok",
                ], "\(seen)")
            #expect(
                items.allSatisfy { $0["actorKind"] as? String == "user" && ($0["address"] as? String) == "127.0.0.1" })
            let submitted = try await server.postJSON("/api/v1/jobs", #"{"job": "nightly-backup"}"#)
            let runID = try #require(submitted.json["id"] as? Int)
            let byKey = try await server.send("GET", "/api/v1/audit?action=run.")
            let newest = try #require(
                ((try JSONSerialization.jsonObject(with: Data(byKey.body)) as? [String: Any])?["items"]
                    as? [[String: Any]])?
                    .first)
            #expect(
                newest["actorKind"] as? String == "key" && newest["target"] as? String == "\(runID) (nightly-backup)")
            let first = try await server.send("GET", "/api/v1/audit?limit=1")
            let next = try #require(
                (try JSONSerialization.jsonObject(with: Data(first.body)) as? [String: Any])?["next_before"] as? Int)
            let second = try await server.send("GET", "/api/v1/audit?limit=1&before=\(next)")
            #expect(second.status == 200)
            for method in ["PUT", "PATCH", "DELETE"] {
                #expect(try await server.send(method, "/api/v1/audit").status == 405)
            }
        }
    }

    @Test func underTLSTheSessionCookieIsSecure() async throws {
        try await withTemporaryDirectory { folder in
            let made = try TLSTests.run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", folder + "/key.pem", "-out",
                    folder + "/cert.pem",
                ])
            #expect(made.status == 0)
            try await withServer(arguments: ["--tls-cert", folder + "/cert.pem", "--tls-key", folder + "/key.pem"]) {
                server in
                _ = try Self.createUser(server, "tina", "viewer")
                let answer = try HTTPExchange.send(
                    "POST",
                    server.client.baseURL.replacingOccurrences(of: "http://", with: "https://") + "/api/v1/session",
                    json: #"{"name": "tina", "password": "\#(Self.password)"}"#,
                    curlOptions: ["--cacert", folder + "/cert.pem"])
                #expect(answer.status == 200)
                #expect(answer.headers["set-cookie"]?.contains("; Secure") == true, "\(answer.headers)")
            }
        }
    }
}
