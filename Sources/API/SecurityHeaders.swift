import MicroHTTPD

/// The headers every answer carries so that a browser treats it safely: the admin pages run only
/// their own scripts and the vendored Chart.js, nothing may frame them, no type is sniffed, and no
/// answer is stored by a cache unless its route says so (the reports' own `Cache-Control` and
/// `ETag` stay).
enum SecurityHeaders {
    /// The pages load scripts, styles and data from this server only, and are framed by nothing.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// Adds the security headers the response does not already have.
    static func add(to headers: inout HTTPHeaders) {
        let fields = [
            ("Content-Security-Policy", contentSecurityPolicy), ("X-Frame-Options", "DENY"),
            ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"), ("Cache-Control", "no-store"),
        ]
        for (name, value) in fields where !headers.contains(name) { headers.add(name: name, value: value) }
    }
}
