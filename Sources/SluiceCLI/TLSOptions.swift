import ArgumentParser
import Foundation
import MicroHTTPD

/// `--tls-cert FILE --tls-key FILE`: serve HTTPS (libmicrohttpd's GnuTLS) with a PEM certificate
/// chain and its unencrypted PEM private key; both or neither.
struct TLSOptions: ParsableArguments {
    @Option(name: .long, help: "Serve HTTPS with this PEM certificate (chain); needs --tls-key.")
    var tlsCert: String?
    @Option(name: .long, help: "The PEM private key of --tls-cert.")
    var tlsKey: String?

    func validate() throws {
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
    }

    /// The certificate and key read from their files, or `nil` for plain HTTP.
    func credentials() throws -> TLSCredentials? {
        guard let tlsCert, let tlsKey else { return nil }
        func read(_ path: String, _ option: String) throws -> String {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.contains("-----BEGIN") else {
                throw ValidationError("\(option) \(path) is not a readable PEM file")
            }
            return text
        }
        return TLSCredentials(
            certificatePEM: try read(tlsCert, "--tls-cert"), privateKeyPEM: try read(tlsKey, "--tls-key"))
    }
}
