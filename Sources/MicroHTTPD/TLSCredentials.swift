import Glibc

/// The certificate chain and private key an ``HTTPServer`` serves HTTPS with (through
/// libmicrohttpd's GnuTLS), both PEM text.
public struct TLSCredentials: Sendable {
    /// The server's certificate, followed by any intermediate certificates, in PEM.
    public var certificatePEM: String
    /// The certificate's private key in PEM (unencrypted).
    public var privateKeyPEM: String

    /// Creates credentials from PEM text.
    public init(certificatePEM: String, privateKeyPEM: String) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }

    /// The PEM texts as C strings for `MHD_OPTION_HTTPS_MEM_CERT`/`_KEY`, kept for as long as the
    /// daemon runs and freed (the key wiped first) once it has stopped.
    struct CStrings {
        let certificate: UnsafeMutablePointer<CChar>
        let privateKey: UnsafeMutablePointer<CChar>

        init(_ credentials: TLSCredentials) {
            certificate = strdup(credentials.certificatePEM)
            privateKey = strdup(credentials.privateKeyPEM)
        }

        /// Wipes the key and frees both strings.
        func free() {
            memset(privateKey, 0, strlen(privateKey))
            Glibc.free(certificate)
            Glibc.free(privateKey)
        }
    }
}
