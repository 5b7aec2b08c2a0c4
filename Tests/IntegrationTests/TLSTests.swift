import Foundation
import Testing
import TestSupport

/// `sluice serve --tls-cert --tls-key` serves HTTPS with a certificate the test makes, to a client
/// that trusts it, with `Strict-Transport-Security` on every answer.
@Suite struct TLSTests {
    /// Runs a program to its end; returns its status and what it printed.
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func servesHTTPSWithHSTS() async throws {
        try await withTemporaryDirectory { folder in
            let made = try Self.run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", folder + "/key.pem",
                    "-out", folder + "/cert.pem",
                ])
            #expect(made.status == 0)
            let tls = ["--tls-cert", folder + "/cert.pem", "--tls-key", folder + "/key.pem"]
            try await withServer(arguments: tls) { server in
                let base = server.client.baseURL.replacingOccurrences(of: "http://", with: "https://")
                let trusted = try Self.run(
                    "/usr/bin/curl",
                    [
                        "-s", "-m", "10", "-D", "-", "--cacert", folder + "/cert.pem", "-H",
                        "Authorization: Bearer \(server.client.adminKey)", base + "/api/v1/jobs",
                    ])
                #expect(trusted.output.hasPrefix("HTTP/1.1 200"), "\(trusted.output)")
                #expect(trusted.output.lowercased().contains("strict-transport-security: max-age=31536000"))
                let refused = try Self.run(
                    "/usr/bin/curl", ["-s", "-m", "10", "-o", "/dev/null", "-w", "%{http_code}", base + "/health/live"])
                #expect(refused.status != 0, "an untrusted certificate must fail: \(refused.output)")
                let plain = try Self.run(
                    "/usr/bin/curl",
                    ["-s", "-m", "10", "-o", "/dev/null", "-w", "%{http_code}", server.client.baseURL + "/health/live"])
                #expect(plain.output != "200", "plain HTTP must not be answered")
            }
        }
    }

    @Test func aCertificateWithoutItsKeyIsRefused() throws {
        let result = try SluiceBinary.run(["serve", "--port", "0", "--tls-cert", "/nonexistent.pem"])
        #expect(result.status != 0 && result.stderr.contains("--tls-cert and --tls-key go together"))
    }
}
